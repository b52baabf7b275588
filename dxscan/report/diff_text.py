"""The diff in the terminal (rich): the verdict, breaking changes and regressions in full, the
score deltas, then improvements and other changes up to a limit."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dxscan.diff import BREAKING, IMPROVEMENT, INFO, REGRESSION, Change, Diff
from dxscan.report import recorded
from dxscan.report.ci import where

SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}
TITLES = {BREAKING: "Breaking changes", REGRESSION: "Regressions", IMPROVEMENT: "Improvements", INFO: "Other changes"}
OPERATIONS_SHOWN = 3


def render(diff: Diff, console: Console, limit: int = 20) -> None:
    console.print(_header(diff))
    for kind in (BREAKING, REGRESSION):
        _section(diff, console, kind, 0)
    console.print()
    console.print(_scores(diff))
    for kind in (IMPROVEMENT, INFO):
        _section(diff, console, kind, limit)


def _header(diff: Diff) -> Text:
    text = Text()
    text.append(f"{diff.base.source} → {diff.head.source}", style="bold")
    if diff.head.title:
        text.append(f"  ·  {diff.head.title}")
    if diff.base.version != diff.head.version:
        text.append(f" {diff.base.version} → {diff.head.version}")
    noun = "operation" if diff.base.operations == diff.head.operations == 1 else "operations"
    text.append(f"  ·  {diff.base.operations} → {diff.head.operations} {noun}\n")
    verdict = diff.verdict
    if verdict.passed:
        text.append("PASS", style="bold green")
    else:
        text.append("FAIL", style="bold red")
        text.append(": " + ", ".join(verdict.reasons))
    text.append(f"  (gate: --fail-on {verdict.fail_on}, --max-score-drop {verdict.max_score_drop:g})", style="dim")
    return text


def _section(diff: Diff, console: Console, kind: str, limit: int) -> None:
    changes = diff.of_kind(kind)
    if not changes:
        return
    console.print()
    console.print(Text(f"{TITLES[kind]} · {len(changes)}", style="bold underline"))
    shown = changes if limit <= 0 else changes[:limit]
    for change in shown:
        console.print(_line(diff, change), soft_wrap=True)
    if len(changes) > len(shown):
        console.print(Text(f"    … and {len(changes) - len(shown)} more (--limit 0 shows all)", style="dim"))


def _line(diff: Diff, change: Change) -> Text:
    marker = "✗" if diff.fails(change) else " "
    line = Text.assemble(f"  {marker} ", (f"{change.severity:<7}", SEVERITY_STYLE[change.severity]), " ",
                         (change.id, "bold"), "  ", change.message)
    if change.allowed:
        line.append(f"  (accepted: {change.allowed})", style="green")
    details = []
    if change.operations:
        more = len(change.operations) - OPERATIONS_SHOWN
        details.append(", ".join(change.operations[:OPERATIONS_SHOWN]) + (f" and {more} more" if more > 0 else ""))
    if change.location is not None:
        details.append(("in BASE " if change.side == "base" else "") + where(change.location))
    if details:
        line.append("\n            " + "  ·  ".join(details), style="dim")
    return line


def _scores(diff: Diff) -> Table:
    table = Table(show_edge=False, pad_edge=False, box=None)
    for column in ("score", "base", "head", "Δ"):
        table.add_column(column, justify="left" if column == "score" else "right")
    for score in diff.scores:
        delta = score.delta
        style = "red" if delta and delta < 0 else "green" if delta else ""
        table.add_row(score.name, _value(score.base), _value(score.head), Text(f"{delta:+d}" if delta else "", style=style))
    return table


def _value(score: int | None) -> str:
    return "-" if score is None else str(score)


def render_text(diff: Diff, limit: int = 20) -> str:
    """The terminal view of a diff as plain text, for a file or a pipe."""
    return recorded(lambda console: render(diff, console, limit))
