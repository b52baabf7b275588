"""The scorecard as one self-contained HTML page: inline CSS, an inline SVG chart and a few lines
of inline JavaScript (filters), nothing fetched, so it opens offline, attaches to an email and
prints. Written for the product manager who has a minute: the verdict and the chart first, then
what to fix first and why it matters to consumers, then the arithmetic and every finding."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any, NamedTuple

from dxscan.catalogue import DIMENSIONS, SEVERITIES, SEVERITY_RANK
from dxscan.portfolio.conventions import TraitSummary
from dxscan.portfolio.scan import ApiResult, DimensionSpread, Portfolio
from dxscan.report.view import (
    GRADE_COLOURS,
    arithmetic,
    dimension_label,
    dimension_question,
    extra_measures,
    measure_lines,
    overall_arithmetic,
    score_text,
    spec_facts,
    spec_name,
    verdict,
    where,
)
from dxscan.results import DimensionScore, Report
from dxscan.score.card import grade
from dxscan.score.debt import DebtItem, PortfolioDebt, debt_items, severity_counts

FIX_FIRST_CARDS = 8
PLACES_LISTED = 50
LISTED = 8  # APIs named per convention before the rest fold away
DIMENSION_ORDER = {name: index for index, name in enumerate(DIMENSIONS)}


def e(value: Any) -> str:
    return escape(str(value), quote=True)


def code_spans(text: str) -> str:
    """Catalogue prose, escaped, with its `code` spans as <code>."""
    parts = " ".join(text.split()).split("`")
    return "".join(f"<code>{e(part)}</code>" if index % 2 else e(part) for index, part in enumerate(parts))


# --- the page -------------------------------------------------------------------------------

def render(report: Report) -> str:
    card = report.scorecard
    title = f"DX scorecard: {spec_name(report)} · {score_text(card.score)} {card.grade}"
    items = debt_items(report)
    body = [
        _hero(report),
        _overview(report),
        _fix_first(items),
        _dimensions(report),
        _graph(report),
        _findings(report),
        _footer(report.tool_version),
    ]
    return _page(title, body)


def _page(title: str, body: Iterable[str]) -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(part for part in body if part)
        + f"\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def _score_disc(score: Any, grade: str, label: str) -> str:
    return (f'<div class="disc" style="--grade:{GRADE_COLOURS.get(grade, GRADE_COLOURS["n/a"])}" aria-label="{e(label)}">'
            f'<span class="num">{e(score_text(score))}</span><span class="grade">{e(grade)}</span></div>')


def _hero(report: Report) -> str:
    card = report.scorecard
    version = f" <small>{e(report.spec.version)}</small>" if report.spec.version else ""
    return (
        '<header class="hero">'
        + _score_disc(card.score, card.grade, f"DX score {score_text(card.score)} of 100, grade {card.grade}")
        + '<div><p class="eyebrow">Developer-experience scorecard</p>'
        f"<h1>{e(spec_name(report))}{version}</h1>"
        f'<p class="verdict">{e(verdict(report))}</p>'
        f'<p class="meta">{e(spec_facts(report))} · <code>{e(report.spec.source)}</code></p></div></header>'
    )


# --- the chart ------------------------------------------------------------------------------

class Bar(NamedTuple):
    label: str
    score: int | None
    grade: str
    low: int | None = None  # a portfolio's range, drawn as a whisker
    high: int | None = None


def bar_chart(bars: list[Bar], overall: int | None, caption: str) -> str:
    """Horizontal bars, 0 to 100, one per dimension, coloured by grade, the overall score as a
    dashed line. Inline SVG: scales, prints, needs no script."""
    label_w, plot_w, row_h, top = 118, 330, 34, 22
    height = top + row_h * len(bars) + 8
    width = label_w + plot_w + 64
    parts = [(f'<svg id="dimension-chart" class="chart" viewBox="0 0 {width} {height}" role="img" '
              f'aria-label="{e(caption)}" xmlns="http://www.w3.org/2000/svg"><title>{e(caption)}</title>')]
    for tick in (0, 50, 60, 70, 80, 90, 100):
        x = label_w + plot_w * tick / 100
        parts.append(f'<line x1="{x:g}" y1="{top - 6}" x2="{x:g}" y2="{height - 8}" class="grid"/>'
                     f'<text x="{x:g}" y="{top - 9}" class="tick">{tick}</text>')
    for index, bar in enumerate(bars):
        parts.append(_bar(bar, top + index * row_h, label_w, plot_w, row_h))
    if overall is not None:
        x = label_w + plot_w * overall / 100
        parts.append(f'<line x1="{x:g}" y1="{top - 2}" x2="{x:g}" y2="{height - 6}" class="overall"/>')
    parts.append("</svg>")
    return "".join(parts)


def _bar(bar: Bar, y: int, label_w: int, plot_w: int, row_h: int) -> str:
    colour = GRADE_COLOURS.get(bar.grade, GRADE_COLOURS["n/a"])
    middle = y + row_h / 2
    parts = [f'<text x="{label_w - 10}" y="{middle + 4:g}" class="label">{e(bar.label)}</text>',
             f'<rect x="{label_w}" y="{y + 7}" width="{plot_w}" height="{row_h - 14}" rx="3" class="track"/>']
    if bar.score is None:
        parts.append(f'<text x="{label_w + 8}" y="{middle + 4:g}" class="na">not assessed</text>')
        return "".join(parts)
    width = plot_w * bar.score / 100
    parts.append(f'<rect class="bar" x="{label_w}" y="{y + 7}" width="{width:g}" height="{row_h - 14}" rx="3" fill="{colour}">'
                 f"<title>{e(bar.label)}: {bar.score} ({e(bar.grade)})</title></rect>")
    if bar.low is not None and bar.high is not None:
        x1, x2 = label_w + plot_w * bar.low / 100, label_w + plot_w * bar.high / 100
        parts.append(f'<line x1="{x1:g}" y1="{middle:g}" x2="{x2:g}" y2="{middle:g}" class="whisker"/>')
    parts.append(f'<text x="{label_w + plot_w + 8}" y="{middle + 5:g}" class="value">{bar.score} '
                 f'<tspan fill="{colour}">{e(bar.grade)}</tspan></text>')
    return "".join(parts)


def _overview(report: Report) -> str:
    card = report.scorecard
    bars = [Bar(dimension_label(d.name), d.score, d.grade) for d in card.dimensions]
    chart = bar_chart(bars, card.score, f"Scores of the six dimensions; overall {score_text(card.score)}")
    rows = "".join(
        f'<tr><th scope="row">{e(dimension_label(d.name))}<small>{e(dimension_question(d.name))}</small></th>'
        f'<td class="num">{e(score_text(d.score))}</td><td>{_grade_pill(d.grade)}</td><td>{e(d.summary)}</td></tr>'
        for d in card.dimensions
    )
    return (
        '<section class="overview"><h2>The six dimensions</h2><div class="overview-grid">'
        f"<figure>{chart}<figcaption>Bars: each dimension's score out of 100. Dashed line: the overall score. "
        f"Grades: A 90+, B 80+, C 70+, D 60+, F below.</figcaption></figure>"
        '<table class="dims"><thead><tr><th>Dimension</th><th class="num">Score</th><th>Grade</th><th>In one sentence</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
        f'<p class="how">Overall score = mean of the dimensions, weighted: {e(overall_arithmetic(report))}.</p></section>'
    )


def _grade_pill(grade: str) -> str:
    return f'<span class="pill" style="--grade:{GRADE_COLOURS.get(grade, GRADE_COLOURS["n/a"])}">{e(grade)}</span>'


# --- what to fix first ----------------------------------------------------------------------

def _fix_first(items: tuple[DebtItem, ...]) -> str:
    if not items:
        return '<section id="fix-first"><h2>What to fix first</h2><p>Nothing: dxscan found no problems.</p></section>'
    cards = "".join(_debt_card(rank, item) for rank, item in enumerate(items[:FIX_FIRST_CARDS], 1))
    more = _more_debt(items[FIX_FIRST_CARDS:], FIX_FIRST_CARDS + 1)
    return (
        '<section id="fix-first"><h2>What to fix first</h2>'
        '<p class="lede">Each item is one kind of problem, ranked by how much it costs the API\'s consumers '
        "(severity × how many operations it reaches) for the effort of fixing it.</p>"
        f'<ol class="debt">{cards}</ol>{more}</section>'
    )


def _debt_card(rank: int, item: DebtItem) -> str:
    return (
        f'<li class="card sev-{e(item.severity)}"><div class="card-head"><span class="rank">{rank}</span>'
        f"<div><h3>{e(item.title)}</h3><p class=\"gap\">{e(item.measure)}</p></div></div>"
        f'<p class="chips">{_chips(item)}</p>'
        f'<div class="so-what"><div><h4>Why it matters</h4><p>{code_spans(item.rationale)}</p></div>'
        f"<div><h4>How to fix it</h4><p>{code_spans(item.fix)}</p></div></div>"
        f"{_places(item)}</li>"
    )


def _chips(item: DebtItem) -> str:
    reach = "every operation" if item.api_wide else f"{item.reach} of {item.operations} operations"
    places = f"{len(item.places)} place" + ("" if len(item.places) == 1 else "s")
    chips = [dimension_label(item.dimension), item.severity, f"reaches {reach}", places]
    if item.points >= 0.5:
        chips.append(f"costs {item.points:.0f} points of {dimension_label(item.dimension).lower()}")
    chips.append(item.rule)
    return "".join(f'<span class="chip">{e(chip)}</span>' for chip in chips)


def _places(item: DebtItem) -> str:
    shown = item.places[:PLACES_LISTED]
    rows = "".join(f"<li>{e(f.message)} <code>{e(where(f))}</code></li>" for f in shown)
    more = f"<li>… and {len(item.places) - len(shown)} more in the findings table</li>" if len(item.places) > len(shown) else ""
    label = "Where" if len(item.places) == 1 else f"Where: {len(item.places)} places"
    link = f'<li class="jump"><a href="?search={e(item.rule)}#findings">Show them in the findings table</a></li>'
    return f'<details class="places"><summary>{label}</summary><ul>{rows}{more}{link}</ul></details>'


def _more_debt(items: tuple[DebtItem, ...], first_rank: int) -> str:
    if not items:
        return ""
    rows = "".join(
        f'<tr><td class="num">{rank}</td><td>{e(item.title)}<small>{e(item.measure)}</small></td>'
        f"<td>{e(dimension_label(item.dimension))}</td><td>{e(item.severity)}</td><td class=\"num\">{len(item.places)}</td></tr>"
        for rank, item in enumerate(items, first_rank)
    )
    return (f'<details class="more-debt"><summary>{len(items)} more items</summary><table>'
            '<thead><tr><th class="num">#</th><th>Item</th><th>Dimension</th><th>Severity</th><th class="num">Places</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></details>")


# --- each dimension, explained --------------------------------------------------------------

def _dimensions(report: Report) -> str:
    articles = "".join(_dimension(d) for d in report.scorecard.dimensions)
    return ('<section id="dimensions"><h2>Each score, explained</h2>'
            '<p class="lede">Every rule passes or fails once per thing it checks (each operation, each parameter, '
            "the API as a whole). A dimension starts at 100 and loses each rule's share of its points in "
            f"proportion to how much of what it checked failed.</p><div class=\"dim-grid\">{articles}</div></section>")


def _dimension(dimension: DimensionScore) -> str:
    lines = "".join(
        f'<li class="{"ok" if line.ok else "bad"}"><span>{e(line.text)}</span>'
        + (f'<span class="lost">−{line.points_lost:.1f}</span>' if line.points_lost >= 0.05 else "")
        + "</li>"
        for line in measure_lines(dimension)
    )
    extras = "" if dimension.name == "abstraction" else _figures(extra_measures(dimension), "extras")
    return (
        f'<article class="dimension" id="dim-{e(dimension.name)}"><h3>{e(dimension_label(dimension.name))} '
        f"{_grade_pill(dimension.grade)} <span class=\"dim-score\">{e(score_text(dimension.score))}</span></h3>"
        f'<p class="question">{e(dimension_question(dimension.name))}</p>'
        f'<ul class="measures">{lines or "<li>No rule applies to this API.</li>"}</ul>{extras}'
        f"{_arithmetic_table(dimension)}</article>"
    )


def _arithmetic_table(dimension: DimensionScore) -> str:
    rows = "".join(
        f"<tr><td><code>{e(r.rule)}</code></td><td class=\"num\">{r.weight:g}</td><td class=\"num\">{r.checked}</td>"
        f'<td class="num">{r.failed}</td><td class="num">{r.points_lost:.1f}</td></tr>'
        for r in sorted(dimension.rules, key=lambda r: (-r.points_lost, r.rule))
    )
    return ('<details class="arithmetic"><summary>The arithmetic</summary><table><thead><tr><th>Rule</th>'
            '<th class="num">Weight</th><th class="num">Checked</th><th class="num">Failed</th><th class="num">Points lost</th>'
            f'</tr></thead><tbody>{rows}</tbody></table><p class="formula">{e(arithmetic(dimension))}</p></details>')


def _figures(figures: list[tuple[str, str]], css_class: str) -> str:
    if not figures:
        return ""
    tiles = "".join(f"<div><dt>{e(label)}</dt><dd>{e(value)}</dd></div>" for label, value in figures)
    return f'<dl class="{css_class}">{tiles}</dl>'


# --- the dependency graph -------------------------------------------------------------------

def _graph(report: Report) -> str:
    abstraction = next((d for d in report.scorecard.dimensions if d.name == "abstraction"), None)
    if abstraction is None:
        return ""
    figures = _figures(extra_measures(abstraction), "figures")
    leaks = [f for f in report.findings if f.dimension == "abstraction"]
    if not figures:
        figures = "<p class=\"muted\">This report carries no dependency-graph figures.</p>"
    rows = "".join(f"<tr><td>{e(f.message)}</td><td><code>{e(f.rule)}</code></td><td><code>{e(where(f))}</code></td></tr>" for f in leaks)
    table = (f'<table class="leaks"><thead><tr><th>Leak</th><th>Rule</th><th>Where</th></tr></thead><tbody>{rows}</tbody></table>'
             if leaks else '<p class="muted">No abstraction leaks found: the API shows its consumers a product, not its machinery.</p>')
    return ('<section id="graph"><h2>How the API fits together</h2>'
            '<p class="lede">The dependency graph: which operations feed identifiers to which, and where the API '
            f"exposes the machinery behind it.</p>{figures}<h3>Leaks ({len(leaks)})</h3>{table}</section>")


# --- every finding --------------------------------------------------------------------------

def _findings(report: Report) -> str:
    findings = sorted(report.findings, key=lambda f: (SEVERITY_RANK[f.severity], DIMENSION_ORDER.get(f.dimension, 99), f.rule, where(f)))
    counts = severity_counts(findings)
    rows = "".join(
        f'<tr data-dimension="{e(f.dimension)}" data-severity="{e(f.severity)}"><td><span class="sev sev-{e(f.severity)}">'
        f"{e(f.severity)}</span></td><td>{e(dimension_label(f.dimension))}</td><td><code>{e(f.rule)}</code></td>"
        f"<td>{e(f.message)}</td><td><code>{e(where(f))}</code></td></tr>"
        for f in findings
    )
    dimension_options = "".join(f'<option value="{e(name)}">{e(dimension_label(name))}</option>' for name in DIMENSIONS)
    severity_options = "".join(f'<option value="{s}">{s} ({counts[s]})</option>' for s in SEVERITIES)
    return (
        f'<section id="findings"><h2>All findings ({len(findings)})</h2>'
        '<div class="filters" hidden><input type="search" id="finding-search" placeholder="Search findings, rules, files…" '
        'aria-label="Search findings">'
        f'<select id="finding-dimension" aria-label="Dimension"><option value="">All dimensions</option>{dimension_options}</select>'
        f'<select id="finding-severity" aria-label="Severity"><option value="">All severities</option>{severity_options}</select>'
        f'<span id="finding-count" class="muted">{len(findings)} shown</span></div>'
        '<table id="findings-table" class="findings"><thead><tr><th>Severity</th><th>Dimension</th><th>Rule</th>'
        f"<th>Finding</th><th>Where</th></tr></thead><tbody>{rows}</tbody></table>"
        + ("" if findings else '<p class="muted">No findings.</p>')
        + "</section>"
    )


def _footer(version: str) -> str:
    return (f'<footer>Made by dxscan {e(version)}. <code>dxscan rules RULE</code> explains any rule; '
            "<code>dxscan scan SPEC --explain</code> prints the arithmetic in a terminal.</footer>")


# --- portfolio ------------------------------------------------------------------------------

def render_portfolio(portfolio: Portfolio) -> str:
    title = f"API portfolio: {len(portfolio.scanned)} APIs · {score_text(portfolio.score)} {portfolio.grade}"
    body = [
        _portfolio_hero(portfolio),
        _portfolio_overview(portfolio),
        _portfolio_fix_first(portfolio),
        _consistency(portfolio),
        _side_by_side(portfolio),
        _scorecards(portfolio),
        _failed(portfolio),
        _footer(portfolio.tool_version),
    ]
    return _page(title, body)


def _portfolio_hero(portfolio: Portfolio) -> str:
    facts = [f"{len(portfolio.scanned)} APIs scanned"]
    if portfolio.failed:
        facts.append(f"{len(portfolio.failed)} could not be read")
    if portfolio.skipped:
        facts.append(f"{len(portfolio.skipped)} file{'' if len(portfolio.skipped) == 1 else 's'} skipped (not OpenAPI)")
    facts.append(f"{sum(r.gate_failed for r in portfolio.scanned)} fail the gate")
    worst = _worst_first(portfolio.scanned)[:3]
    lowest = ", ".join(f"{r.name} ({score_text(r.report.scorecard.score)})" for r in worst)
    return (
        '<header class="hero">'
        + _score_disc(portfolio.score, portfolio.grade, f"mean DX score {score_text(portfolio.score)}, grade {portfolio.grade}")
        + '<div><p class="eyebrow">Developer-experience scorecard</p>'
        f"<h1>API portfolio: {len(portfolio.scanned)} APIs</h1>"
        f'<p class="verdict">Mean DX score {e(score_text(portfolio.score))} of 100. {e(_portfolio_takeaway(portfolio))}</p>'
        f'<p class="meta">Lowest: {e(lowest)}.</p>'
        f'<p class="meta">{e(" · ".join(facts))}</p>{_grade_strip(portfolio.grades())}</div></header>'
    )


def _portfolio_takeaway(portfolio: Portfolio) -> str:
    """Where the portfolio hurts most, and its most widespread problem, in one or two sentences."""
    weak = sorted((d for d in portfolio.dimensions() if d.mean is not None and d.mean < 80), key=lambda d: (d.mean, d.name))[:2]
    sentences = []
    if weak:
        sentences.append("Weakest across the APIs: " + " and ".join(f"{dimension_label(d.name).lower()} ({d.mean})" for d in weak) + ".")
    debts = portfolio.shared_debts
    if debts:
        goal = debts[0].title[:1].lower() + debts[0].title[1:]
        sentences.append(f"Most widespread gap: {goal}, not so in {len(debts[0].sources)} of {len(portfolio.scanned)} APIs.")
    return " ".join(sentences)


def _worst_first(results: Iterable[Any]) -> list[Any]:
    return sorted(results, key=lambda r: (r.report.scorecard.score if r.report.scorecard.score is not None else 101, r.source))


def _grade_strip(grades: dict[str, int]) -> str:
    """How many APIs have each grade, as one stacked bar (inline SVG) with a legend."""
    total = sum(grades.values())
    if not total:
        return ""
    x, parts, legend = 0.0, [], []
    for letter, count in grades.items():
        if count:
            width = 400 * count / total
            colour = GRADE_COLOURS.get(letter, GRADE_COLOURS["n/a"])
            parts.append(f'<rect x="{x:g}" width="{width:g}" height="14" fill="{colour}"><title>{letter}: {count} APIs</title></rect>')
            legend.append(f'<span class="chip"><b style="color:{colour}">{e(letter)}</b> {count}</span>')
            x += width
    return (f'<p class="grades"><svg id="grade-strip" viewBox="0 0 400 14" role="img" aria-label="APIs per grade" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>{"".join(legend)}</p>')


def _portfolio_overview(portfolio: Portfolio) -> str:
    spreads = portfolio.dimensions()
    bars = [Bar(dimension_label(d.name), d.mean, grade(d.mean), d.low, d.high) for d in spreads]
    chart = bar_chart(bars, portfolio.score, "Mean score per dimension across the portfolio, with the range from lowest to highest API")
    rows = "".join(
        f'<tr><th scope="row">{e(dimension_label(d.name))}<small>{e(dimension_question(d.name))}</small></th>'
        f'{_heat_cell(d.mean, grade(d.mean))}<td class="num">{e(_range(d))}</td><td class="num">{d.scored}</td></tr>'
        for d in spreads
    )
    return ('<section class="overview"><h2>The six dimensions, across the portfolio</h2><div class="overview-grid">'
            f"<figure>{chart}<figcaption>Bars: the mean score of the APIs. Thin line: lowest to highest API. "
            "Dashed line: the portfolio's mean overall score.</figcaption></figure>"
            '<table class="dims"><thead><tr><th>Dimension</th><th class="num">Mean</th><th class="num">Range</th>'
            f'<th class="num">APIs scored</th></tr></thead><tbody>{rows}</tbody></table></div></section>')


def _range(spread: DimensionSpread) -> str:
    return "–" if spread.low is None else f"{spread.low}–{spread.high}"


def _portfolio_fix_first(portfolio: Portfolio) -> str:
    debts = portfolio.shared_debts[:FIX_FIRST_CARDS]
    if not debts:
        return ""
    names = portfolio.names()
    cards = "".join(_portfolio_card(rank, debt, len(portfolio.scanned), names) for rank, debt in enumerate(debts, 1))
    return ('<section id="fix-first"><h2>What to fix first, across the portfolio</h2>'
            '<p class="lede">Each item is one kind of problem, the most widespread first: severity × how many APIs '
            f'have it. Each API\'s own scorecard ranks its fixes by consumer impact per effort.</p><ol class="debt">{cards}</ol></section>')


def _portfolio_card(rank: int, debt: PortfolioDebt, total: int, names: dict[str, str]) -> str:
    chips = [f"{len(debt.sources)} of {total} APIs", f"{debt.places} place" + ("" if debt.places == 1 else "s"),
             dimension_label(debt.dimension), debt.severity, debt.rule]
    apis = "".join(f'<li><a href="#api-{_anchor(s)}">{e(names.get(s, s))}</a></li>' for s in debt.sources)
    return (
        f'<li class="card sev-{e(debt.severity)}"><div class="card-head"><span class="rank">{rank}</span>'
        f"<div><h3>{e(debt.title)}</h3></div></div>"
        f'<p class="chips">{"".join(f"<span class=chip>{e(c)}</span>" for c in chips)}</p>'
        f'<div class="so-what"><div><h4>Why it matters</h4><p>{code_spans(debt.rationale)}</p></div>'
        f"<div><h4>How to fix it</h4><p>{code_spans(debt.fix)}</p></div></div>"
        f'<details class="places"><summary>The {len(debt.sources)} APIs</summary><ul class="columns">{apis}</ul></details></li>'
    )


def _side_by_side(portfolio: Portfolio) -> str:
    head = "".join(f'<th class="num" data-sort="num">{e(dimension_label(name))}</th>' for name in DIMENSIONS)
    rows = "".join(_api_row(result) for result in _worst_first(portfolio.scanned))
    return (
        '<section id="apis"><h2>The APIs side by side</h2><p class="lede">Lowest score first; click a column to sort.</p>'
        '<div class="filters" hidden><input type="search" id="api-search" placeholder="Find an API…" aria-label="Find an API"></div>'
        '<div class="scroll"><table id="apis-table" class="heat"><thead><tr><th data-sort="text">API</th>'
        f'<th class="num" data-sort="num">Score</th>{head}<th class="num" data-sort="num">Findings</th><th data-sort="text">Gate</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div></section>"
    )


def _api_row(result: ApiResult) -> str:
    card = result.report.scorecard
    cells = "".join(_heat_cell(d.score, d.grade) for d in card.dimensions)
    gate = '<span class="sev sev-error">failed</span>' if result.gate_failed else "passed"
    return (f'<tr><th scope="row"><a href="#api-{_anchor(result.source)}">{e(result.name)}</a></th>'
            f"{_heat_cell(card.score, card.grade)}{cells}<td class=\"num\">{len(result.report.findings)}</td><td>{gate}</td></tr>")


def _heat_cell(score: Any, grade: str) -> str:
    value = -1 if score is None else score
    return (f'<td class="num heat" data-value="{value}" style="--grade:{GRADE_COLOURS.get(grade, GRADE_COLOURS["n/a"])}">'
            f"{e(score_text(score))}</td>")


def _anchor(source: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in source)


def _consistency(portfolio: Portfolio) -> str:
    names = portfolio.names()
    blocks = "".join(_trait_block(summary, portfolio.conventions.get(summary.trait, {}), names) for summary in portfolio.traits)
    return (
        '<section id="consistency"><h2>Where the APIs part ways</h2>'
        '<p class="lede">Consumers who use several of these APIs expect one way to authenticate, version, name, '
        "page through lists and report errors. For each convention: how many APIs share the most common choice, "
        f'the choices in use, and the APIs that differ.</p><div class="dim-grid">{blocks}</div></section>'
    )


def _trait_block(summary: TraitSummary, choices: dict[str, list[str]], names: dict[str, str]) -> str:
    return (f'<article class="trait" id="trait-{e(summary.trait)}"><h3>{e(summary.label[:1].upper() + summary.label[1:])}</h3>'
            f"{_trait_headline(summary)}{_share_bar(summary)}{_choices(choices)}{_differing(summary, names)}</article>")


def _trait_headline(summary: TraitSummary) -> str:
    if summary.compared < 2:
        return '<p class="muted">Fewer than two APIs have anything to compare.</p>'
    if summary.majority is None:
        return f"<p><b>No common choice</b> across the {summary.compared} APIs compared.</p>"
    share = f"{summary.majority_count} of {summary.compared} APIs"
    return f"<p>Most common: <b>{e(summary.majority)}</b>, in {share}.</p>"


def _share_bar(summary: TraitSummary) -> str:
    """The share of APIs that follow the most common choice: a consistency meter."""
    if summary.compared < 2:
        return ""
    followed = summary.compared - len(summary.differing)
    width = 300 * followed / summary.compared
    return (f'<svg class="share" viewBox="0 0 300 10" role="img" aria-label="{followed} of {summary.compared} APIs follow it" '
            f'xmlns="http://www.w3.org/2000/svg"><rect width="300" height="10" rx="2" class="track"/>'
            f'<rect width="{width:g}" height="10" rx="2" class="followed"/></svg>')


def _choices(choices: dict[str, list[str]]) -> str:
    if not choices:
        return ""
    ranked = list(choices.items())
    chips = "".join(f'<span class="chip">{e(choice)} · {len(sources)}</span>' for choice, sources in ranked[:LISTED])
    rest = ranked[LISTED:]
    if rest:
        chips += f'<span class="chip muted">{len(rest)} other choices · {sum(len(s) for _, s in rest)}</span>'
    return f'<p class="chips">{chips}</p>'


def _differing(summary: TraitSummary, names: dict[str, str]) -> str:
    if summary.compared < 2 or not summary.differing:
        return '<p class="ok">All follow one convention.</p>' if summary.compared >= 2 else ""
    items = "".join(f'<li><a href="#api-{_anchor(s)}">{e(names.get(s, s))}</a>: {e(v)}</li>' for s, v in summary.differing)
    label = "APIs" if summary.majority is None else "APIs that differ"
    if len(summary.differing) <= LISTED:
        return f'<p class="muted">{label}:</p><ul class="differ">{items}</ul>'
    return f'<details><summary>The {len(summary.differing)} {label}</summary><ul class="differ columns">{items}</ul></details>'


def _scorecards(portfolio: Portfolio) -> str:
    cards = "".join(_api_card(result, portfolio.debts[result.source]) for result in portfolio.scanned)
    return f'<section id="scorecards"><h2>One scorecard per API</h2>{cards}</section>'


def _api_card(result: ApiResult, debts: tuple[DebtItem, ...]) -> str:
    report = result.report
    card = report.scorecard
    dims = "".join(
        f"<tr><th scope=\"row\">{e(dimension_label(d.name))}</th>{_heat_cell(d.score, d.grade)}<td>{e(d.summary)}</td></tr>"
        for d in card.dimensions
    )
    items = "".join(
        f"<li><b>{e(item.title)}</b>: {e(item.measure)}<br><small>{code_spans(item.fix)}</small></li>"
        for item in debts[:3]
    )
    return (
        f'<details class="api" id="api-{_anchor(result.source)}"><summary>{_grade_pill(card.grade)} '
        f"<b>{e(result.name)}</b> {e(score_text(card.score))} <span class=\"muted\">{e(result.source)}</span></summary>"
        f'<p class="meta">{e(verdict(report))} {e(spec_facts(report))}</p>'
        f'<table class="dims"><tbody>{dims}</tbody></table>'
        + (f"<h4>Fix first</h4><ol>{items}</ol>" if items else "")
        + "</details>"
    )


def _failed(portfolio: Portfolio) -> str:
    if not portfolio.failed:
        return ""
    rows = "".join(f"<li><code>{e(r.error)}</code></li>" for r in portfolio.failed)
    return f'<section id="failed"><h2>Could not be read ({len(portfolio.failed)})</h2><ul>{rows}</ul></section>'


# --- style and behaviour --------------------------------------------------------------------

CSS = """
:root{--ink:#1d2327;--muted:#5f6b73;--line:#dde3e8;--soft:#f4f6f8;--accent:#2b59c3}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
main{max-width:1120px;margin:0 auto;padding:28px 24px 48px}
h1{font-size:30px;line-height:1.2;margin:0 0 6px}h1 small{font-size:16px;color:var(--muted);font-weight:500}
h2{font-size:21px;margin:40px 0 10px;padding-top:8px;border-top:1px solid var(--line)}
h3{font-size:17px;margin:18px 0 6px}h4{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:0 0 4px}
code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;background:var(--soft);padding:1px 4px;border-radius:3px;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
thead th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border-bottom:2px solid var(--line)}
.num{text-align:right;font-variant-numeric:tabular-nums}
small{display:block;color:var(--muted);font-size:12.5px;font-weight:400}
.muted{color:var(--muted)}
.hero{display:flex;gap:24px;align-items:center}
.eyebrow{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:var(--muted)}
.verdict{font-size:18px;margin:0 0 4px}.meta{margin:0;color:var(--muted);font-size:13.5px}
.disc{flex:none;width:112px;height:112px;border-radius:50%;border:8px solid var(--grade);display:flex;flex-direction:column;align-items:center;justify-content:center;color:var(--grade)}
.disc .num{font-size:38px;font-weight:700;line-height:1}.disc .grade{font-size:18px;font-weight:700}
.pill{display:inline-block;min-width:26px;text-align:center;padding:0 7px;border-radius:10px;background:var(--grade);color:#fff;font-weight:700;font-size:13px}
.overview-grid{display:grid;grid-template-columns:minmax(300px,5fr) 6fr;gap:24px;align-items:start}
figure{margin:0}figcaption{font-size:12.5px;color:var(--muted);margin-top:4px}
.chart{width:100%;max-width:640px;height:auto;font-family:inherit}
.chart .label{font-size:13px;text-anchor:end;fill:var(--ink)}.chart .tick{font-size:10px;text-anchor:middle;fill:var(--muted)}
.chart .grid{stroke:var(--line)}.chart .track{fill:var(--soft)}.chart .value{font-size:13px;font-weight:700;fill:var(--ink)}
.chart .na{font-size:12px;fill:var(--muted)}.chart .overall{stroke:var(--ink);stroke-dasharray:4 3;stroke-width:1.5}
.chart .whisker{stroke:var(--ink);stroke-width:2;opacity:.55}
.dims th small{max-width:300px}
.how,.lede{color:var(--muted);font-size:14px;max-width:820px}
ol.debt{list-style:none;padding:0;margin:0;display:grid;gap:14px}
.card{border:1px solid var(--line);border-left:5px solid var(--sev,#8a8a8a);border-radius:6px;padding:14px 16px;break-inside:avoid}
.sev-error{--sev:#b3261e}.sev-warning{--sev:#c27c00}.sev-info{--sev:#2b6cb0}
.card-head{display:flex;gap:12px;align-items:baseline}.card-head h3{margin:0}
.rank{flex:none;width:28px;height:28px;border-radius:50%;background:var(--ink);color:#fff;display:inline-flex;align-items:center;justify-content:center;font-weight:700}
.gap{margin:2px 0 0;font-weight:600;color:var(--sev)}
.chips{margin:8px 0}.chip{display:inline-block;font-size:12px;padding:1px 8px;margin:0 6px 4px 0;border-radius:10px;background:var(--soft);border:1px solid var(--line)}
.so-what{display:grid;grid-template-columns:1fr 1fr;gap:18px}.so-what p{margin:0}
details{margin-top:8px}summary{cursor:pointer;color:var(--accent);font-size:14px}
.places ul{margin:6px 0 0;padding-left:18px;font-size:13.5px}
.dim-grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.dimension{border:1px solid var(--line);border-radius:6px;padding:4px 16px 12px;break-inside:avoid}
.dim-score{color:var(--muted);font-weight:500}
.question{margin:0 0 8px;color:var(--muted);font-size:13.5px}
.measures{list-style:none;padding:0;margin:0;font-size:14px}
.measures li{display:flex;justify-content:space-between;gap:12px;padding:3px 0 3px 22px;position:relative}
.measures li:before{position:absolute;left:0;font-weight:700}
.measures .ok:before{content:"✓";color:#1b7f3b}.measures .bad:before{content:"✗";color:#b3261e}
.lost{color:#b3261e;font-variant-numeric:tabular-nums;white-space:nowrap}
.arithmetic code{word-break:normal;font-size:12px}.arithmetic th,.arithmetic td{padding:4px 6px}
.formula{font:13px ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;margin:6px 0 0}
dl{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px;margin:10px 0}
dl div{background:var(--soft);border-radius:6px;padding:8px 10px}dt{font-size:12px;color:var(--muted)}dd{margin:0;font-size:18px;font-weight:700}
dl.extras dd{font-size:13px;font-weight:600}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0 10px}
.filters[hidden]{display:none}
.filters input,.filters select{font:inherit;padding:6px 8px;border:1px solid var(--line);border-radius:5px}
.filters input{flex:1;min-width:220px}
.sev{font-size:12px;font-weight:700;color:var(--sev)}
.findings td:nth-child(4){width:45%}
.heat{background:color-mix(in srgb,var(--grade) 16%,#fff);font-weight:600}
.scroll{overflow-x:auto}
#apis-table th[data-sort]{cursor:pointer}
.api{border:1px solid var(--line);border-radius:6px;padding:8px 12px}.api .dims{margin-top:6px}
.grades{display:flex;flex-wrap:wrap;align-items:center;gap:4px;margin:8px 0 0}.grades svg{width:260px;height:14px;margin-right:8px;border-radius:3px}
ul.columns{columns:2 220px}ul.differ{margin:0;padding-left:18px;font-size:13.5px}.ok{color:#1b7f3b}
.trait{border:1px solid var(--line);border-radius:6px;padding:4px 16px 12px;break-inside:avoid}.trait p{margin:4px 0}
.share{width:100%;max-width:300px;height:10px;display:block;margin:6px 0}.share .track{fill:var(--soft)}.share .followed{fill:var(--accent)}
footer{margin-top:40px;color:var(--muted);font-size:13px;border-top:1px solid var(--line);padding-top:12px}
@media screen and (max-width:760px){.overview-grid,.so-what,.dim-grid{grid-template-columns:1fr}.hero{flex-direction:column;align-items:flex-start}}
@media print{
 @page{margin:14mm}
 body{font-size:10pt}main{max-width:none;padding:0}.jump{display:none}
 .filters,summary:after{display:none!important}
 h2{break-after:avoid}.card,.dimension,.api,tr{break-inside:avoid}
 a{color:inherit;text-decoration:none}
 .heat,.pill,.disc,.chart rect{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

SCRIPT = """
(function () {
  function rowsOf(table) { return table ? Array.prototype.slice.call(table.tBodies[0].rows) : []; }
  function show(element) { if (element) { element.hidden = false; } }
  var search = document.getElementById('finding-search');
  var dimension = document.getElementById('finding-dimension');
  var severity = document.getElementById('finding-severity');
  var count = document.getElementById('finding-count');
  var findings = rowsOf(document.getElementById('findings-table'));
  function filterFindings() {
    var text = search.value.trim().toLowerCase(), shown = 0;
    findings.forEach(function (row) {
      var keep = (!dimension.value || row.dataset.dimension === dimension.value) &&
        (!severity.value || row.dataset.severity === severity.value) &&
        (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = shown + ' of ' + findings.length + ' shown';
  }
  if (search) {
    // ?search=...&dimension=...&severity=... opens the page with the table filtered (links share a view).
    var query = new URLSearchParams(window.location.search);
    search.value = query.get('search') || '';
    dimension.value = query.get('dimension') || '';
    severity.value = query.get('severity') || '';
    [search, dimension, severity].forEach(function (el) { el.addEventListener('input', filterFindings); });
    show(search.parentNode);
    filterFindings();
  }
  var apiTable = document.getElementById('apis-table'), apiSearch = document.getElementById('api-search');
  if (apiTable) {
    show(apiSearch.parentNode);
    apiSearch.addEventListener('input', function () {
      var text = apiSearch.value.trim().toLowerCase();
      rowsOf(apiTable).forEach(function (row) { row.hidden = text && row.cells[0].textContent.toLowerCase().indexOf(text) < 0; });
    });
    Array.prototype.forEach.call(apiTable.tHead.rows[0].cells, function (th, column) {
      th.addEventListener('click', function () {
        var numeric = th.dataset.sort === 'num', rows = rowsOf(apiTable);
        var descending = th.dataset.order !== 'desc';
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          var diff = numeric ? parseFloat(x.dataset.value || x.textContent) - parseFloat(y.dataset.value || y.textContent)
                             : x.textContent.localeCompare(y.textContent);
          return descending ? -diff : diff;
        });
        th.dataset.order = descending ? 'desc' : 'asc';
        rows.forEach(function (row) { apiTable.tBodies[0].appendChild(row); });
      });
    });
  }
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  });
})();
"""
