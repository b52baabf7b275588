"""`dxscan rules`: the catalogue as a table, and one rule explained (ruff's `rule` command)."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from dxscan.catalogue import Rule


def render_catalogue(rules: dict[str, Rule], console: Console) -> None:
    """One table per dimension: rule id, severity and title, the title wrapped by words in what the
    terminal leaves (an 80-column terminal gives it 30 columns; the weight is in `dxscan rules ID`)."""
    by_dimension: dict[str, list[Rule]] = {}
    for rule in sorted(rules.values(), key=lambda r: (r.dimension, r.id)):
        by_dimension.setdefault(rule.dimension, []).append(rule)
    width = max(len(rule.id) for rule in rules.values())
    for index, (dimension, members) in enumerate(by_dimension.items()):
        table = Table(box=None, pad_edge=False, show_header=False, title=f"{dimension} ({len(members)})",
                      title_justify="left", title_style="bold")
        table.add_column("rule", no_wrap=True, min_width=width)
        table.add_column("severity", no_wrap=True, min_width=len("warning"))
        table.add_column("title", overflow="fold", ratio=1)
        for rule in members:
            table.add_row(rule.id, rule.severity, rule.title)
        if index:
            console.print()
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
