"""`dxscan rules`: the catalogue as a table, and one rule explained (ruff's `rule` command)."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from dxscan.catalogue import Rule


def render_catalogue(rules: dict[str, Rule], console: Console) -> None:
    table = Table(box=None, pad_edge=False)
    for column in ("rule", "dimension", "severity", "weight"):
        table.add_column(column, no_wrap=True)
    table.add_column("title", overflow="fold")
    for rule in sorted(rules.values(), key=lambda r: (r.dimension, r.id)):
        table.add_row(rule.id, rule.dimension, rule.severity, f"{rule.weight:g}", rule.title)
    console.print(table)


def rule_markdown(rule: Rule) -> str:
    """The rule's documentation, in ruff's order: what it does, why it matters, example, fix."""
    lines = [
        f"# {rule.id}",
        f"**{rule.title}** · dimension `{rule.dimension}` · severity `{rule.severity}` · weight {rule.weight:g}"
        + (f" · same as Spectral's `{rule.spectral}`" if rule.spectral else ""),
        "## Why it matters", rule.rationale,
        "## Example", "```yaml", rule.bad.rstrip(), "```",
        "## Use instead", "```yaml", rule.good.rstrip(), "```",
        "## How to fix", rule.fix,
    ]
    return "\n\n".join(lines) + "\n"


def render_rule(rule: Rule, console: Console) -> None:
    console.print(Markdown(rule_markdown(rule)))
