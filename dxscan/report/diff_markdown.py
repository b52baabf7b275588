"""The diff as a pull-request comment or job summary: the verdict first, then the breaking changes,
the regressions and the score deltas; improvements, other changes and accepted ones folded."""

from __future__ import annotations

import re

from dxscan.diff import BREAKING, IMPROVEMENT, INFO, REGRESSION, Change, Diff
from dxscan.report.ci import where

SHOWN = 50  # changes listed per section; a comment holds 65,536 characters
OPERATIONS_SHOWN = 3
_SPACE = re.compile(r"\s+")
_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<|"})
SEVERITY_MARK = {"error": "🔴", "warning": "🟠", "info": "🔵"}


def escape(text: str) -> str:
    return _SPACE.sub(" ", text).translate(_SPECIAL)


def render(diff: Diff) -> str:
    lines = _verdict(diff)
    lines += _section(diff, "Breaking changes", diff.of_kind(BREAKING))
    lines += _section(diff, "Regressions", diff.of_kind(REGRESSION))
    lines += _scores(diff)
    lines += _folded(diff, "Improvements", diff.of_kind(IMPROVEMENT))
    lines += _folded(diff, "Other changes", diff.of_kind(INFO))
    lines += ["", f"<sub>dxscan {diff.tool_version} · `dxscan diff {escape(diff.base.source)} {escape(diff.head.source)}`</sub>"]
    return "\n".join(lines) + "\n"


def _verdict(diff: Diff) -> list[str]:
    verdict = diff.verdict
    if verdict.passed:
        title = "## ✅ dxscan: no breaking changes or DX regressions"
        if diff.of_kind(BREAKING) or diff.of_kind(REGRESSION):
            title = "## ✅ dxscan: passes the DX gate"
    else:
        title = f"## ❌ dxscan: {escape(', '.join(verdict.reasons))}"
    gate = f"gate: fail on {verdict.fail_on}, score drops over {verdict.max_score_drop:g} points"
    overall = next(s for s in diff.scores if s.name == "overall")
    score = f"DX score **{_score(overall.base)} → {_score(overall.head)}**" + (f" ({overall.delta:+d})" if overall.delta else "")
    counts = ", ".join(f"{len(diff.of_kind(k))} {k}" for k in (BREAKING, REGRESSION, IMPROVEMENT, INFO))
    return [title, "", f"`{escape(diff.base.source)}` → `{escape(diff.head.source)}` · {score} · {counts} · {gate}"]


def _section(diff: Diff, title: str, changes: tuple[Change, ...]) -> list[str]:
    if not changes:
        return []
    lines = ["", f"### {title} ({len(changes)})", "", "| | Change | Operations | Where |", "| --- | --- | --- | --- |"]
    lines += [_row(diff, change) for change in changes[:SHOWN]]
    if len(changes) > SHOWN:
        lines.append(f"| | … and {len(changes) - SHOWN} more (the JSON report lists all) | | |")
    return lines


def _row(diff: Diff, change: Change) -> str:
    mark = SEVERITY_MARK[change.severity] if diff.fails(change) or change.severity != "info" else "⚪"
    accepted = f" *(accepted: {escape(change.allowed)})*" if change.allowed else ""
    text = f"{escape(change.message)} `{change.id}`{accepted}"
    return f"| {mark} | {text} | {_operations(change)} | {escape(where(change.location))} |"


def _operations(change: Change) -> str:
    shown = ", ".join(escape(op) for op in change.operations[:OPERATIONS_SHOWN])
    more = len(change.operations) - OPERATIONS_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _scores(diff: Diff) -> list[str]:
    lines = ["", "### Scores", "", "| | Base | Head | Δ |", "| --- | ---: | ---: | ---: |"]
    for score in diff.scores:
        delta = "" if not score.delta else f"{score.delta:+d}"
        name = "**overall**" if score.name == "overall" else score.name
        lines.append(f"| {name} | {_score(score.base)} | {_score(score.head)} | {delta} |")
    return lines


def _folded(diff: Diff, title: str, changes: tuple[Change, ...]) -> list[str]:
    if not changes:
        return []
    lines = ["", f"<details><summary>{title} ({len(changes)})</summary>", ""]
    lines += [f"- {escape(c.message)} `{c.id}`" + (f" · {_operations(c)}" if c.operations else "") for c in changes[:SHOWN]]
    if len(changes) > SHOWN:
        lines.append(f"- … and {len(changes) - SHOWN} more")
    return [*lines, "", "</details>"]


def _score(value: int | None) -> str:
    return "n/a" if value is None else str(value)
