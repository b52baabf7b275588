"""`dxscan rules`: the catalogue as a table, and one rule explained (ruff's `rule` command)."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from dxscan.catalogue import DIMENSIONS, PREVIEW_MIN_LABELS, PREVIEW_PRECISION, Precision, Rule

TITLE_WIDTH = 110  # narrower terminals get the table without titles (`dxscan rules RULE` has them)


def render_catalogue(rules: dict[str, Rule], console: Console) -> None:
    """One section per dimension: each rule's severity, weight, measured precision and status."""
    titled = console.width >= TITLE_WIDTH
    table = Table(box=None, pad_edge=False)
    for column in ("rule", "severity", "weight", "precision", "status"):
        table.add_column(column, no_wrap=True, min_width=len(column))
    if titled:
        table.add_column("title", overflow="fold", ratio=1)
    for dimension in DIMENSIONS:
        table.add_row(f"[bold]{dimension}[/bold]")
        for rule in sorted((r for r in rules.values() if r.dimension == dimension), key=lambda r: r.id):
            cells = [rule.id, rule.severity, f"{rule.weight:g}", precision_text(rule.precision), status(rule)]
            table.add_row(*cells, *([rule.title] if titled else []))
    console.print(table)
    console.print(f"preview: not yet {PREVIEW_PRECISION:.0%} right on at least {PREVIEW_MIN_LABELS} labelled findings; "
                  "reported at info and scored only with --preview or 'preview: true'")


def precision_text(precision: Precision) -> str:
    """`92% of 25` (right among labelled findings), or `-` when none are labelled."""
    share = precision.share
    return "-" if share is None else f"{share:.0%} of {precision.labelled}"


def status(rule: Rule) -> str:
    if not rule.scored:
        return "unscored"
    return "preview" if rule.preview else "stable"


def rule_markdown(rule: Rule) -> str:
    """The rule's documentation, in ruff's order: what it does, why it matters, example, fix."""
    lines = [
        f"# {rule.id}",
        f"**{rule.title}** · dimension `{rule.dimension}` · severity `{rule.severity}` · weight {rule.weight:g}"
        + f" · {status(rule)} (precision {precision_text(rule.precision)})"
        + (f" · same as Spectral's `{rule.spectral}`" if rule.spectral else ""),
        "## Why it matters", rule.rationale,
        "## Example", "```yaml", rule.bad.rstrip(), "```",
        "## Use instead", "```yaml", rule.good.rstrip(), "```",
        "## How to fix", rule.fix,
    ]
    return "\n\n".join(lines) + "\n"


def render_rule(rule: Rule, console: Console) -> None:
    console.print(Markdown(rule_markdown(rule)))
