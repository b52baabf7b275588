"""`dxscan rules`: the catalogue as a table, and one rule explained (ruff's `rule` command)."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown
from rich.padding import Padding
from rich.text import Text

from dxscan.catalogue import PREVIEW_MIN_LABELS, PREVIEW_PRECISION, Precision, Rule


def render_catalogue(rules: dict[str, Rule], console: Console) -> None:
    """One block per dimension: a line per rule (id, severity, measured precision, status) with its
    title indented under it, so that an 80-column terminal wraps only the title, by words."""
    by_dimension: dict[str, list[Rule]] = {}
    for rule in sorted(rules.values(), key=lambda r: (r.dimension, r.id)):
        by_dimension.setdefault(rule.dimension, []).append(rule)
    width = max(len(rule.id) for rule in rules.values())
    for index, (dimension, members) in enumerate(by_dimension.items()):
        if index:
            console.print()
        console.print(Text(f"{dimension} ({len(members)})", style="bold"))
        for rule in members:
            console.print(f"{rule.id:<{width}}  {rule.severity:<7}  {precision_text(rule.precision):>10}  {status(rule)}",
                          markup=False, highlight=False)
            console.print(Padding(Text(rule.title, style="dim"), (0, 0, 0, 4), expand=False))
    console.print()
    console.print(f"precision: the share of labelled findings judged right. preview: not yet {PREVIEW_PRECISION:.0%} right on "
                  f"at least {PREVIEW_MIN_LABELS} labelled findings; reported at info and scored only with --preview "
                  "or 'preview: true'.", markup=False)


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
