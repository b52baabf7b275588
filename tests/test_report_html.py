"""`--format html`: one self-contained page (checked here as text; tests/test_report_html_browser.py
opens it in a real browser)."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest

from dxscan.report import html
from dxscan.report.view import arithmetic, dimension_label
from dxscan.scan.pipeline import scan
from dxscan.score.debt import debt_items
from tests.conftest import FIXTURES

VOID = {"meta", "br", "input", "img", "hr", "link", "col", "source", "wbr"}
SVG_VOID = {"line", "rect", "stop", "path", "circle"}


class TagBalance(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()


@pytest.fixture(scope="module")
def report():
    return scan(str(FIXTURES / "bookshop.yaml"))


@pytest.fixture(scope="module")
def page(report):
    return html.render(report)


def test_well_formed(page):
    checker = TagBalance()
    checker.feed(page)
    assert checker.open == []


def test_self_contained_nothing_fetched(page):
    assert page.startswith("<!doctype html>") and "<style>" in page and "<script>" in page
    assert not re.search(r"<link|<img|\ssrc=|@import|url\((?!#)", page)
    assert not re.search(r'href="(?!#|\?)', page)  # links only within the page


def test_chart_has_one_bar_per_scored_dimension(page, report):
    chart = re.search(r'<svg id="dimension-chart".*?</svg>', page, re.DOTALL).group(0)
    labels = re.findall(r'class="label">([^<]+)<', chart)
    assert labels == [dimension_label(d.name) for d in report.scorecard.dimensions]
    scored = [d for d in report.scorecard.dimensions if d.score is not None]
    assert len(re.findall(r'<rect class="bar"', chart)) == len(scored)
    for dimension in scored:
        assert f"<title>{dimension_label(dimension.name)}: {dimension.score} ({dimension.grade})</title>" in chart


def test_each_dimension_shows_measures_and_arithmetic(page, report):
    for dimension in report.scorecard.dimensions:
        assert f'<article class="dimension" id="dim-{dimension.name}">' in page
        assert html.e(arithmetic(dimension)) in page
    assert "3 of 5 operations document no 429 response" in page


def test_fix_first_cards_carry_the_so_what_fix_and_places(page, report):
    items = debt_items(report)
    cards = re.findall(r'<li class="card sev-(\w+)">.*?<h3>(.*?)</h3>', page)
    assert [title for _, title in cards] == [html.e(item.title) for item in items[: html.FIX_FIRST_CARDS]]
    first = items[0]
    assert html.code_spans(first.rationale) in page and html.code_spans(first.fix) in page
    assert f'<a href="?search={first.rule}#findings">' in page


def test_findings_table_has_every_finding_with_filter_data(page, report):
    rows = re.findall(r'<tr data-dimension="(\w+)" data-severity="(\w+)">', page)
    assert sorted(rows) == sorted((f.dimension, f.severity) for f in report.findings)
    assert '<select id="finding-dimension"' in page and '<input type="search" id="finding-search"' in page
    assert '<div class="filters" hidden>' in page  # shown by the script; hidden when scripts do not run


def _with_abstraction_measures(report, measures):
    dimensions = tuple(
        dataclasses.replace(d, measures={"rules": d.measures.get("rules", {}), **measures}) if d.name == "abstraction" else d
        for d in report.scorecard.dimensions
    )
    return dataclasses.replace(report, scorecard=dataclasses.replace(report.scorecard, dimensions=dimensions))


def test_graph_section_shows_the_figures_the_report_has(report):
    figures = {"graph": {"nodes": 42, "edges": 97, "resolved_share": 0.81}, "reach": {f"/components/schemas/S{i}": i for i in range(40)}}
    section = re.search(r'<section id="graph">.*?</section>', html.render(_with_abstraction_measures(report, figures)), re.DOTALL).group(0)
    assert "<dt>Graph · nodes</dt><dd>42</dd>" in section and "<dt>Graph · resolved share</dt><dd>81%</dd>" in section
    assert "<dt>Reach</dt><dd>40 entries</dd>" in section
    assert "<code>server-internal</code>" in section  # the leak


def test_graph_metrics_show_where_the_api_stands_not_a_score(report):
    """The metrics set no part of the grade: a `33/100` beside the grade would read as one."""
    metric = {"value": 0.6, "n": 3, "better": "lower", "score": 33, "percentile": 24, "low_confidence": True}
    unranked = {"value": 0.1, "n": 9, "better": "lower", "score": 90, "percentile": None, "low_confidence": False}
    figures = {"metrics": {"coupling": metric, "duplication": unranked}}
    section = re.search(r'<section id="graph">.*?</section>', html.render(_with_abstraction_measures(report, figures)), re.DOTALL).group(0)
    assert "<dt>Metrics · coupling</dt><dd>at least as good as 24% of real APIs (value 0.6, n = 3, few data)</dd>" in section
    assert "<dt>Metrics · duplication</dt><dd>not compared (value 0.1, n = 9)</dd>" in section
    assert "/100" not in section


def test_graph_section_degrades_without_figures(report):
    section = re.search(r'<section id="graph">.*?</section>', html.render(_with_abstraction_measures(report, {})), re.DOTALL).group(0)
    assert "This report carries no dependency-graph figures." in section


def test_text_from_the_spec_is_escaped(write):
    spec = write("openapi: 3.0.3\ninfo: {title: '<script>alert(1)</script>', version: '1'}\npaths:\n  /a<b>:\n    get: {responses: {'200': {description: ok}}}\n")
    page = html.render(scan(str(spec)))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "GET /a&lt;b&gt;" in page


def test_cli_writes_the_page(cli, tmp_path):
    target = tmp_path / "scorecard.html"
    code, out, _ = cli("scan", str(FIXTURES / "bookshop.yaml"), "--format", "html", "-o", str(target))
    assert code == 0 and out == "" and target.read_text(encoding="utf-8").rstrip().endswith("</html>")
