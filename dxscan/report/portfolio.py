"""The portfolio in the terminal (rich) and as JSON (`"schema": "dxscan.portfolio/1"`).

The JSON document:
- `summary`: counts (`apis`, `scanned`, `failed`, `skipped`, `gate_failed`) and the portfolio's
  `score` and `grade` (the mean of the APIs' overall scores, each API counting once);
- `dimensions`: per dimension the `mean`, `min` and `max` score over the APIs, and how many were
  `scored`;
- `apis`: one entry per spec, sorted by source: `status` "scanned" with `title`, `score`, `grade`,
  `dimensions` (name -> score), `gate` ("passed" or "failed"), `conventions` (trait -> choice, or
  null where the API gives nothing to compare) and its whole `scorecard` (a `dxscan.scorecard/1`
  document); or `status` "failed" with its one-line `error`;
- `consistency`: where APIs part from the rest: `trait`, `label`, `sources` (the differing API, or
  every API compared when no choice leads), `value`, `majority`, `majority_count`, `compared`,
  `message`;
- `conventions`: trait -> choice -> the sources that made it;
- `skipped`: files in the folders that do not declare `openapi` or `swagger`.
"""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dxscan.portfolio.conventions import TRAITS, TraitSummary
from dxscan.portfolio.scan import ApiResult, DimensionSpread, Portfolio
from dxscan.report import count, recorded
from dxscan.report.json import to_dict as scorecard_dict
from dxscan.report.text import GRADE_STYLE
from dxscan.report.view import score_text

SCHEMA = "dxscan.portfolio/1"
SHORT_NAMES = {"versioning": "vers.", "auth": "auth", "rate_limits": "rate", "naming": "naming",
               "documentation": "docs", "abstraction": "abstr."}
FIX_FIRST = 5
FIX_FIRST_PER_API = 3
LISTED = 8  # APIs named per convention before "… and N more"
WIDTH = 120  # when not printing to a terminal: wide enough for the side-by-side table


# --- JSON -----------------------------------------------------------------------------------

def to_dict(portfolio: Portfolio) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "dxscan", "version": portfolio.tool_version},
        "summary": {
            "apis": len(portfolio.results), "scanned": len(portfolio.scanned), "failed": len(portfolio.failed),
            "skipped": len(portfolio.skipped), "gate_failed": sum(r.gate_failed for r in portfolio.scanned),
            "score": portfolio.score, "grade": portfolio.grade,
        },
        "dimensions": {d.name: {"mean": d.mean, "min": d.low, "max": d.high, "scored": d.scored} for d in portfolio.dimensions()},
        "apis": [_api(result) for result in portfolio.results],
        "consistency": [_inconsistency(i) for i in portfolio.inconsistencies],
        "conventions": portfolio.conventions,
        "skipped": list(portfolio.skipped),
    }


def _api(result: ApiResult) -> dict[str, Any]:
    if result.report is None:
        return {"source": result.source, "status": "failed", "error": result.error}
    card = result.report.scorecard
    return {
        "source": result.source, "status": "scanned", "title": result.report.spec.title,
        "score": card.score, "grade": card.grade,
        "dimensions": {d.name: d.score for d in card.dimensions},
        "gate": "failed" if result.gate_failed else "passed",
        "conventions": {trait: result.profile.value(trait) for trait, _ in TRAITS} if result.profile else {},
        "scorecard": scorecard_dict(result.report),
    }


def _inconsistency(inconsistency: Any) -> dict[str, Any]:
    return {
        "trait": inconsistency.trait, "label": inconsistency.label, "sources": list(inconsistency.sources),
        "value": inconsistency.value, "majority": inconsistency.majority,
        "majority_count": inconsistency.majority_count, "compared": inconsistency.compared,
        "message": inconsistency.message,
    }


def render_json(portfolio: Portfolio) -> str:
    """One line: a portfolio's JSON holds every API's findings (78 MB for the 337 APIs of the
    corpus), and indenting it takes the standard library's pure-Python encoder, 3.5 times slower.
    `jq .` or `python -m json.tool` indents it for reading."""
    return json.dumps(to_dict(portfolio), ensure_ascii=False, separators=(",", ":")) + "\n"


# --- terminal -------------------------------------------------------------------------------

def print_text(portfolio: Portfolio, console: Console | None = None) -> None:
    """Print the portfolio to the terminal (colour when it is one)."""
    if console is None:
        console = Console(highlight=False)
        if not console.is_terminal:
            console = Console(highlight=False, width=WIDTH)
    console.print(_header(portfolio))
    console.print(_side_by_side(portfolio))
    _consistency(portfolio, console)
    _fix_first(portfolio, console)
    _failed(portfolio, console)


def render_text(portfolio: Portfolio) -> str:
    return recorded(lambda console: print_text(portfolio, console), WIDTH)


def _header(portfolio: Portfolio) -> Text:
    text = Text("API portfolio", style="bold")
    text.append(f"  ·  {len(portfolio.scanned)} APIs scanned")
    if portfolio.failed:
        text.append(f", {len(portfolio.failed)} could not be read", style="red")
    if portfolio.skipped:
        text.append(f", {count(len(portfolio.skipped), 'file')} skipped (not OpenAPI)")
    text.append("\nmean DX score ")
    text.append(f"{score_text(portfolio.score)} {portfolio.grade}", style=GRADE_STYLE.get(portfolio.grade, ""))
    return text


def _side_by_side(portfolio: Portfolio) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("API", no_wrap=True, overflow="ellipsis", max_width=32)
    table.add_column("score", justify="right")
    for spread in portfolio.dimensions():
        table.add_column(SHORT_NAMES.get(spread.name, spread.name), justify="right")
    table.add_column("findings", justify="right")
    table.add_column("gate")
    for result in portfolio.scanned:
        table.add_row(*_api_row(result))
    spreads = portfolio.dimensions()
    table.add_row(Text("mean", style="bold"), score_text(portfolio.score), *[score_text(d.mean) for d in spreads], "", "")
    table.add_row(Text("range", style="dim"), "", *[_range(d) for d in spreads], "", "")
    return table


def _api_row(result: ApiResult) -> list[Any]:
    card = result.report.scorecard
    overall = Text(f"{score_text(card.score)} {card.grade}", style=GRADE_STYLE.get(card.grade, ""))
    cells = [Text(score_text(d.score), style=GRADE_STYLE.get(d.grade, "")) for d in card.dimensions]
    gate = Text("failed", style="red") if result.gate_failed else Text("passed", style="green")
    return [result.name, overall, *cells, str(len(result.report.findings)), gate]


def _range(spread: DimensionSpread) -> str:
    return "-" if spread.low is None else f"{spread.low}–{spread.high}"


def _consistency(portfolio: Portfolio, console: Console) -> None:
    console.print()
    console.print(Text("Where the APIs part ways", style="bold underline"))
    names = portfolio.names()
    for summary in portfolio.traits:
        console.print(Text.assemble("  ", (f"{summary.label:<20}", "bold"), " ", trait_sentence(summary, names)), soft_wrap=True)


def trait_sentence(summary: TraitSummary, names: dict[str, str], shown: int = LISTED) -> str:
    """`OAuth2 in 3 of 4 APIs; 1 differs: Legacy Stock API (API key (query))`."""
    if summary.compared == 0:
        return "nothing to compare"
    if summary.compared == 1:
        source, value = summary.differing[0]
        return f"{value} (only {names.get(source, source)} has anything to compare)"
    if not summary.differing:
        return f"{summary.majority} in both APIs" if summary.compared == 2 else f"{summary.majority} in all {summary.compared} APIs"
    listed = ", ".join(f"{names.get(source, source)} ({value})" for source, value in summary.differing[:shown])
    more = f", … and {len(summary.differing) - shown} more" if len(summary.differing) > shown else ""
    if summary.majority is None:
        return f"no common choice across {summary.compared} APIs: {listed}{more}"
    verb = "differs" if len(summary.differing) == 1 else "differ"
    return (f"{summary.majority} in {summary.majority_count} of {summary.compared} APIs; "
            f"{len(summary.differing)} {verb}: {listed}{more}")


def _fix_first(portfolio: Portfolio, console: Console) -> None:
    debts = portfolio.shared_debts[:FIX_FIRST]
    if not debts:
        return
    console.print()
    console.print(Text("Fix first, across the portfolio", style="bold underline"))
    total = len(portfolio.scanned)
    for rank, debt in enumerate(debts, 1):
        console.print(f"  {rank}. {debt.title}: {len(debt.sources)} of {total} APIs, {debt.places} place{'' if debt.places == 1 else 's'} ({debt.rule})",
                      soft_wrap=True, markup=False)
    console.print()
    console.print(Text("Fix first, per API", style="bold underline"))
    for result in portfolio.scanned:
        items = portfolio.debts[result.source][:FIX_FIRST_PER_API]
        if not items:
            continue
        console.print(Text(f"  {result.name}", style="bold"))
        for rank, item in enumerate(items, 1):
            console.print(f"    {rank}. {item.title}: {item.measure}", soft_wrap=True, markup=False)


def _failed(portfolio: Portfolio, console: Console) -> None:
    if not portfolio.failed:
        return
    console.print()
    console.print(Text(f"Could not be read ({len(portfolio.failed)})", style="bold underline red"))
    for result in portfolio.failed:
        console.print(Text(f"  {result.error}"), soft_wrap=True)
