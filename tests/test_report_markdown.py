"""`--format markdown`: the scorecard as a job summary or pull-request comment."""

from __future__ import annotations

import dataclasses
import json

import pytest

from dxscan.report import markdown
from dxscan.results import Finding, Location
from dxscan.scan.pipeline import scan
from tests.conftest import FIXTURES
from tests.golden_files import assert_golden


@pytest.fixture
def in_fixtures(monkeypatch):
    """Run from fixtures/ so reports name files relatively (stable golden files)."""
    monkeypatch.chdir(FIXTURES)


def test_bookshop_markdown_matches_golden(cli, in_fixtures):
    code, out, _ = cli("scan", "bookshop.yaml", "--format", "markdown")
    assert code == 0
    assert_golden("bookshop.md", out)


def test_bookshop_json_matches_golden(cli, in_fixtures):
    code, out, _ = cli("scan", "bookshop.yaml", "--format", "json")
    assert code == 0
    assert json.loads(out)["spec"]["source"] == "bookshop.yaml"
    assert_golden("bookshop.json", out)


def test_title_dimensions_and_fix_first(in_fixtures):
    report = scan("bookshop.yaml")
    text = markdown.render(report)
    card = report.scorecard
    assert text.startswith(f"## DX scorecard: Bookshop API 2.3.0: **{card.score}/100 ({card.grade})**\n")
    for dimension in card.dimensions:
        row = f"| {markdown.dimension_label(dimension.name)} | {dimension.score} | {dimension.grade} | {markdown.escape(dimension.summary)} |"
        assert row in text
    assert "### What to fix first\n\n1. **" in text
    assert "*Why it matters:* " in text and "*Fix:* " in text


def test_findings_link_to_file_and_line(in_fixtures):
    text = markdown.render(scan("bookshop.yaml"))
    assert "[bookshop.yaml:17:5](bookshop.yaml#L17)" in text  # the internal staging server


def test_long_lists_fold_and_are_capped(in_fixtures):
    report = scan("bookshop.yaml")
    many = tuple(
        Finding("operation-description", "documentation", "warning", f"GET /r{i} has no description", f"/paths/~1r{i}/get",
                Location("bookshop.yaml", i + 1, 5), str(i))
        for i in range(30)
    )
    text = markdown.render(dataclasses.replace(report, findings=many))
    assert "<details><summary><b>Documentation</b>: 30 findings</summary>" in text  # folded: more than 10
    shown = [line for line in text.splitlines() if line.startswith("| warning | `operation-description` |")]
    assert len(shown) == markdown.FINDINGS_PER_RULE
    assert "| | `operation-description` | … and 10 more | |" in text
    assert "<details open><summary>" not in text


def test_escapes_markdown_in_messages():
    assert markdown.escape("GET /a_b|c <script> *x*") == "GET /a\\_b\\|c \\<script\\> \\*x\\*"
    assert markdown.escape("two\n  lines") == "two lines"


def test_catalogue_code_spans_are_kept():
    assert markdown._inline("Add a `429` response_code, `Retry-After`.") == "Add a `429` response\\_code, `Retry-After`."
