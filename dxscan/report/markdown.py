"""The scorecard as GitHub-flavoured Markdown, for a job summary or a pull-request comment: the
score, the six dimensions, what to fix first, and the findings grouped by dimension with
`file:line` links, long lists folded into <details>. A rule shows at most FINDINGS_PER_RULE
findings (a pull-request comment holds 65,536 characters); the JSON and HTML reports list all."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any
from urllib.parse import quote

from dxscan.portfolio.conventions import TraitSummary
from dxscan.portfolio.scan import Portfolio
from dxscan.report.view import dimension_label, score_text, spec_facts, spec_name, verdict, where
from dxscan.results import Finding, Report
from dxscan.score.debt import DebtItem, debt_items

FIX_FIRST = 5
FINDINGS_PER_RULE = 20
OPEN_UP_TO = 10
LISTED = 8  # APIs named per convention before "… and N more"  # a dimension's findings are shown unfolded up to this many
_SPACE = re.compile(r"\s+")
_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def escape(text: str) -> str:
    """Text that Markdown shows as written (no emphasis, links, HTML or table breaks)."""
    return _SPACE.sub(" ", text).translate(_SPECIAL)


def render(report: Report) -> str:
    lines = _title(report)
    lines += _dimension_table(report)
    lines += _fix_first(debt_items(report)[:FIX_FIRST], report)
    lines += _findings(report)
    lines += ["", f"<sub>dxscan {report.tool_version} · `dxscan rules RULE` explains a rule</sub>"]
    return "\n".join(lines) + "\n"


def _title(report: Report) -> list[str]:
    card = report.scorecard
    name = escape(spec_name(report)) + (f" {escape(report.spec.version)}" if report.spec.version else "")
    return [
        f"## DX scorecard: {name}: **{score_text(card.score)}/100 ({card.grade})**",
        "",
        f"{escape(verdict(report))}  ",
        f"{escape(spec_facts(report))} · `{report.spec.source}`",
    ]


def _dimension_table(report: Report) -> list[str]:
    lines = ["", "| Dimension | Score | Grade | Summary |", "| --- | ---: | :---: | --- |"]
    for dimension in report.scorecard.dimensions:
        lines.append(f"| {dimension_label(dimension.name)} | {score_text(dimension.score)} | {dimension.grade} | {escape(dimension.summary)} |")
    return lines


def _fix_first(items: tuple[DebtItem, ...], report: Report) -> list[str]:
    if not items:
        return ["", "### What to fix first", "", "Nothing: no findings."]
    lines = ["", "### What to fix first", ""]
    for rank, item in enumerate(items, 1):
        lines.append(f"{rank}. **{escape(item.title)}**: {escape(item.measure)}  ")
        lines.append(f"   {_facts(item)}  ")
        lines.append(f"   *Why it matters:* {_inline(item.rationale)}  ")
        lines.append(f"   *Fix:* {_inline(item.fix)}")
    return lines


def _facts(item: DebtItem) -> str:
    reach = "every operation" if item.api_wide else f"{item.reach} of {item.operations} operations"
    places = f"{len(item.places)} place" + ("" if len(item.places) == 1 else "s")
    return f"{dimension_label(item.dimension)} · {item.severity} · reaches {reach} · {places} · `{item.rule}`"


def _inline(text: str) -> str:
    """Catalogue text keeps its `code` spans; everything else is escaped."""
    parts = _SPACE.sub(" ", text.strip()).split("`")
    return "".join(f"`{part}`" if index % 2 else escape(part) for index, part in enumerate(parts))


def _findings(report: Report) -> list[str]:
    by_dimension: dict[str, list[Any]] = defaultdict(list)
    for finding in report.findings:
        by_dimension[finding.dimension].append(finding)
    lines = ["", f"### Findings ({len(report.findings)})"]
    if not report.findings:
        return lines + ["", "None."]
    for dimension in report.scorecard.dimensions:
        findings = by_dimension.get(dimension.name)
        if findings:
            lines += _dimension_findings(dimension.name, findings)
    return lines


def _dimension_findings(dimension: str, findings: list[Finding]) -> list[str]:
    fold = "" if len(findings) > OPEN_UP_TO else " open"
    lines = ["", f"<details{fold}><summary><b>{dimension_label(dimension)}</b>: {_plural(len(findings), 'finding')}</summary>", ""]
    lines += ["| Severity | Rule | Finding | Where |", "| --- | --- | --- | --- |"]
    by_rule: dict[str, list[Any]] = defaultdict(list)
    for finding in findings:
        by_rule[finding.rule].append(finding)
    for rule, group in sorted(by_rule.items(), key=lambda item: (-len(item[1]), item[0])):
        for finding in group[:FINDINGS_PER_RULE]:
            lines.append(f"| {finding.severity} | `{rule}` | {escape(finding.message)} | {link(finding)} |")
        if len(group) > FINDINGS_PER_RULE:
            lines.append(f"| | `{rule}` | … and {len(group) - FINDINGS_PER_RULE} more | |")
    return lines + ["", "</details>"]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def link(finding: Finding) -> str:
    """`[bookshop.yaml:17](bookshop.yaml#L17)`: opens the line on GitHub and in most editors."""
    location = finding.location
    text = escape(where(finding))
    if location.line is None:
        return f"[{text}]({quote(location.file)})"
    return f"[{text}]({quote(location.file)}#L{location.line})"


# --- portfolio ------------------------------------------------------------------------------

def render_portfolio(portfolio: Portfolio) -> str:
    lines = [
        f"## API portfolio: {len(portfolio.scanned)} APIs, mean DX score **{score_text(portfolio.score)}/100 ({portfolio.grade})**",
    ]
    lines += _portfolio_counts(portfolio)
    lines += _side_by_side(portfolio)
    lines += _portfolio_fix_first(portfolio)
    lines += _consistency(portfolio)
    lines += _per_api(portfolio)
    lines += _failed(portfolio)
    lines += ["", f"<sub>dxscan {portfolio.tool_version}</sub>"]
    return "\n".join(lines) + "\n"


def _portfolio_counts(portfolio: Portfolio) -> list[str]:
    parts = [f"{len(portfolio.scanned)} scanned"]
    if portfolio.failed:
        parts.append(f"{len(portfolio.failed)} could not be read")
    if portfolio.skipped:
        parts.append(f"{_plural(len(portfolio.skipped), 'file')} skipped (not OpenAPI)")
    failing = sum(r.gate_failed for r in portfolio.scanned)
    parts.append(f"{failing} failing the gate")
    return ["", " · ".join(parts)]


def _side_by_side(portfolio: Portfolio) -> list[str]:
    spreads = portfolio.dimensions()
    header = "| API | Score | " + " | ".join(dimension_label(d.name) for d in spreads) + " | Findings | Gate |"
    lines = ["", header, "| --- | ---: | " + " | ".join("---:" for _ in spreads) + " | ---: | --- |"]
    for result in portfolio.scanned:
        card = result.report.scorecard
        scores = " | ".join(score_text(d.score) for d in card.dimensions)
        gate = "failed" if result.gate_failed else "passed"
        lines.append(f"| {escape(result.name)} | {score_text(card.score)} {card.grade} | {scores} | {len(result.report.findings)} | {gate} |")
    means = " | ".join(score_text(d.mean) for d in spreads)
    lines.append(f"| **mean** | **{score_text(portfolio.score)}** | {means} | | |")
    return lines


def _portfolio_fix_first(portfolio: Portfolio) -> list[str]:
    debts = portfolio.shared_debts[:FIX_FIRST]
    if not debts:
        return []
    lines = ["", "### Fix first, across the portfolio", ""]
    for rank, debt in enumerate(debts, 1):
        lines.append(f"{rank}. **{escape(debt.title)}**: {len(debt.sources)} of {len(portfolio.scanned)} APIs, "
                     f"{_plural(debt.places, 'place')}  ")
        lines.append(f"   {dimension_label(debt.dimension)} · {debt.severity} · `{debt.rule}`  ")
        lines.append(f"   *Why it matters:* {_inline(debt.rationale)}  ")
        lines.append(f"   *Fix:* {_inline(debt.fix)}")
    return lines


def _consistency(portfolio: Portfolio) -> list[str]:
    lines = ["", "### Where the APIs part ways", "", "| Convention | Choices (APIs) | APIs that differ |", "| --- | --- | --- |"]
    names = portfolio.names()
    for summary in portfolio.traits:
        choices = portfolio.conventions.get(summary.trait, {})
        spread = " · ".join(f"{escape(choice)} ({len(sources)})" for choice, sources in choices.items()) or "n/a"
        lines.append(f"| {summary.label} | {spread} | {_differing(summary, names)} |")
    return lines


def _differing(summary: TraitSummary, names: dict[str, str]) -> str:
    if summary.compared < 2 or not summary.differing:
        return "none"
    listed = ", ".join(f"{escape(names.get(source, source))} ({escape(value)})" for source, value in summary.differing[:LISTED])
    more = f", … and {len(summary.differing) - LISTED} more" if len(summary.differing) > LISTED else ""
    lead = "no common choice: " if summary.majority is None else ""
    return lead + listed + more


def _per_api(portfolio: Portfolio) -> list[str]:
    lines = ["", "### Scorecards", ""]
    for result in portfolio.scanned:
        report = result.report
        lines.append(f"<details><summary><b>{escape(result.name)}</b>: {score_text(report.scorecard.score)} "
                     f"({report.scorecard.grade}) · <code>{escape(result.source)}</code></summary>")
        lines += _dimension_table(report)
        items = portfolio.debts[result.source][:3]
        if items:
            lines += ["", "Fix first:", ""]
            lines += [f"{rank}. **{escape(item.title)}**: {escape(item.measure)}" for rank, item in enumerate(items, 1)]
        lines += ["", "</details>", ""]
    return lines


def _failed(portfolio: Portfolio) -> list[str]:
    if not portfolio.failed:
        return []
    lines = ["### Could not be read", ""]
    return lines + [f"- {escape(result.error or result.source)}" for result in portfolio.failed]
