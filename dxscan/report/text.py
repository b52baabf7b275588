"""The terminal report (rich): score, the six dimensions, findings grouped by dimension."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dxscan.catalogue import SEVERITY_RANK, catalogue
from dxscan.report import count, recorded
from dxscan.results import DimensionScore, Finding, Report

GRADE_STYLE = {"A": "bold green", "B": "green", "C": "yellow", "D": "dark_orange", "F": "bold red", "n/a": "dim"}
SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


def render(report: Report, console: Console, limit: int = 10, explain: bool = False, config: str | None = None) -> None:
    """CONFIG names the configuration file in use (None: no file, the defaults)."""
    console.print(_header(report, config))
    console.print(_dimension_table(report))
    if explain:
        _explain(report, console)
    _findings(report, console, limit)


def _header(report: Report, config: str | None = None) -> Text:
    spec = report.spec
    text = Text()
    text.append(f"{spec.title or spec.source}", style="bold")
    if spec.version:
        text.append(f" {spec.version}")
    text.append(f"  ·  OpenAPI {spec.openapi}  ·  {count(spec.operations, 'operation')}, {count(spec.schemas, 'schema')}")
    if spec.files > 1:
        text.append(f", {spec.files} files")
    card = report.scorecard
    text.append("\nDX score ")
    if card.score is None:  # no dimension had anything to assess (an API with no operations)
        text.append("n/a: nothing to assess", style=GRADE_STYLE[card.grade])
    else:
        text.append(f"{card.score} {card.grade}", style=GRADE_STYLE[card.grade])
    if report.valid is not None:
        text.append("  ·  " + ("valid OpenAPI" if report.valid else "not valid OpenAPI (see oas-schema)"))
    text.append(f"\nconfig {config}" if config else "\nno config file (defaults)", style="dim")
    return text


def _dimension_table(report: Report) -> Table:
    table = Table(show_edge=False, pad_edge=False, box=None)
    table.add_column("dimension")
    table.add_column("score", justify="right")
    table.add_column("grade")
    table.add_column("what it means")
    for dimension in report.scorecard.dimensions:
        score = "-" if dimension.score is None else str(dimension.score)
        table.add_row(dimension.name, score, Text(dimension.grade, style=GRADE_STYLE[dimension.grade]), dimension.summary)
    return table


def _explain(report: Report, console: Console) -> None:
    console.print()
    console.print(Text("How the scores are computed", style="bold"))
    console.print("Each rule passes or fails once per thing it applies to (checked: operations, secured operations, "
                  "properties...), so the API's size does not matter; a rule loses its share of the dimension's weight × "
                  "its failed share of 100 points, and a rule with nothing to check drops out. The overall score is the "
                  "weighted mean of the dimensions.")
    for dimension in report.scorecard.dimensions:
        console.print(_explain_dimension(dimension))
    scored = [d for d in report.scorecard.dimensions if d.score is not None and d.weight > 0]
    terms = " + ".join(f"{d.weight:g}×{d.score}" for d in scored)
    total = sum(d.weight for d in scored)
    console.print(f"overall = ({terms}) / {total:g} = {report.scorecard.score}")


def _explain_dimension(dimension: DimensionScore) -> Table:
    title = f"{dimension.name}: {dimension.score if dimension.score is not None else 'n/a'}"
    table = Table(title=title, title_justify="left", box=None)
    for column in ("rule", "weight", "checked", "failed", "points lost"):
        table.add_column(column, justify="left" if column == "rule" else "right")
    for rule in sorted(dimension.rules, key=lambda r: -r.points_lost):
        table.add_row(rule.rule, f"{rule.weight:g}", str(rule.checked), str(rule.failed), f"{rule.points_lost:.1f}")
    return table


def _findings(report: Report, console: Console, limit: int) -> None:
    by_dimension: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_dimension[finding.dimension].append(finding)
    rules = catalogue()
    for dimension in report.scorecard.dimensions:
        findings = by_dimension.get(dimension.name)
        if not findings:
            continue
        console.print()
        console.print(Text(f"{dimension.name} · {count(len(findings), 'finding')}", style="bold underline"))
        by_rule: dict[str, list[Finding]] = defaultdict(list)
        for finding in findings:
            by_rule[finding.rule].append(finding)
        for rule_id, group in sorted(by_rule.items(), key=lambda item: (_severity_rank(item[1]), -len(item[1]), item[0])):
            title = rules[rule_id].title if rule_id in rules else rule_id
            console.print(Text.assemble((f"  {rule_id}", "bold"), f" ({len(group)}): {title}"))
            shown = group if limit <= 0 else group[:limit]
            for finding in shown:
                console.print(_finding_line(finding), soft_wrap=True)
            if len(group) > len(shown):
                console.print(Text(f"    … and {len(group) - len(shown)} more (--limit 0 shows all)", style="dim"))


def _severity_rank(group: list[Finding]) -> int:
    return min(SEVERITY_RANK[f.severity] for f in group)


def _finding_line(finding: Finding) -> Text:
    where = finding.location.file
    if finding.location.line is not None:
        where += f":{finding.location.line}:{finding.location.column}"
    # the place first: a terminal wraps a long message, never file:line:column
    return Text.assemble(
        "    ", (where, "dim"), "  ", (f"{finding.severity:<7}", SEVERITY_STYLE[finding.severity]), " ", finding.message,
    )


def render_text(report: Report, limit: int = 10, explain: bool = False, config: str | None = None) -> str:
    """The terminal report as plain text, for a file or a pipe."""
    return recorded(lambda console: render(report, console, limit, explain, config))
