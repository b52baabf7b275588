"""docs/rules.md: the rule catalogue as a Markdown table, generated from rules/*.yaml so that the
documentation cannot drift from the catalogue (tests/test_docs.py compares the two).

    python -m dxscan.report.rules_markdown > docs/rules.md
"""

from __future__ import annotations

import sys

from dxscan.catalogue import DIMENSIONS, Rule, catalogue

HEADER = """# The rule catalogue

Generated from `rules/*.yaml` by `python -m dxscan.report.rules_markdown > docs/rules.md`; do not
edit by hand. `dxscan rules ID` explains one rule: why it matters to the API's consumers, how to
fix it, and a bad and a good example.
"""


def render(rules: dict[str, Rule]) -> str:
    sections = [HEADER]
    for dimension in DIMENSIONS:
        members = sorted((rule for rule in rules.values() if rule.dimension == dimension), key=lambda rule: rule.id)
        if members:
            sections.append(_section(dimension, members))
    return "\n".join(sections)


def _section(dimension: str, rules: list[Rule]) -> str:
    lines = [f"## {dimension.replace('_', ' ')} ({len(rules)} rules)", "",
             "| rule | severity | weight | scope | what it checks |", "| --- | --- | --- | --- | --- |"]
    for rule in rules:
        weight = f"{rule.weight:g}" if rule.scored else "not scored"
        spectral = f" (Spectral: `{rule.spectral}`)" if rule.spectral else ""
        lines.append(f"| `{rule.id}` | {rule.severity} | {weight} | {rule.scope} | {rule.title}{spectral} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(catalogue()))
