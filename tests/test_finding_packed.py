"""Findings sent from a scan's child process as their JSON lines (`Finding.from_json_text`)."""

from __future__ import annotations

import json
import pickle

import pytest

from dxscan.checks.engine import merged, order_keys
from dxscan.load.loader import load
from dxscan.report import SCAN, render
from dxscan.results import EngineResult, Finding, Location, RuleResult
from dxscan.scan import pipeline

from .conftest import FIXTURES

FINDINGS = [
    Finding("path-verb", "naming", "warning", "path '/getUsers' holds a verb", "/paths/~1getUsers", Location("a.json", 3, 5), "0123456789abcdef"),
    Finding("oas-schema", "validity", "error", 'quotes " and \\ backslashes\nand a new line', "", Location("a.json", None, None), "fedcba9876543210"),
    Finding("info-contact", "documentation", "info", "ünïcödé and an emoji 🚢 and \u2028", "/info", Location("specs/ä b.yaml", 1, 1), "00ff00ff00ff00ff"),
]


@pytest.mark.parametrize("finding", FINDINGS)
def test_a_finding_from_its_json_line_equals_the_finding(finding):
    sent = Finding.from_json_text(finding.json_text, finding.severity)
    assert sent == finding
    assert hash(sent) == hash(finding)
    assert sent.json_text == finding.json_text
    assert sent.as_dict() == finding.as_dict() == json.loads(finding.json_text)


def test_its_severity_and_line_are_read_without_reading_the_rest_back():
    sent = Finding.from_json_text(FINDINGS[0].json_text, "warning")
    assert (sent.severity, sent.json_text) == ("warning", FINDINGS[0].json_text)
    assert set(vars(sent)) == {"json_text", "severity"}
    assert sent.location == Location("a.json", 3, 5)
    assert set(vars(sent)) == {"json_text", "severity", "rule", "dimension", "message", "pointer", "location", "fingerprint"}


def test_it_pickles_and_unknown_attributes_stay_errors():
    sent = Finding.from_json_text(FINDINGS[1].json_text, "error")
    assert pickle.loads(pickle.dumps(sent)) == FINDINGS[1]
    with pytest.raises(AttributeError, match="no attribute 'colour'"):
        sent.colour  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'colour'"):
        FINDINGS[0].colour  # noqa: B018


def test_merging_with_sent_keys_gives_the_order_of_one_sort():
    """Two parts, each in order, one of them sent packed; equal keys keep the parts' order."""
    twin = Finding("path-verb", "naming", "warning", FINDINGS[0].message, "/elsewhere", Location("a.json", 3, 5), "1111111111111111")
    first = EngineResult(tuple(sorted([FINDINGS[0], FINDINGS[2]], key=lambda f: order_keys([f]))), (RuleResult("b", "x", "operation", 1, 1, 1),))
    second_findings = tuple(sorted([twin, FINDINGS[1]], key=lambda f: order_keys([f])))
    sent = tuple(Finding.from_json_text(f.json_text, f.severity) for f in second_findings)
    second = EngineResult(sent, (RuleResult("a", "x", "operation", 1, 0, 0),))
    expected = merged([first, EngineResult(second_findings, second.results)])
    together = merged([first, second], [None, order_keys(second_findings)])
    assert all(set(vars(finding)) == {"json_text", "severity"} for finding in sent)  # placed unread
    assert together == expected
    assert together.findings.index(FINDINGS[0]) + 1 == together.findings.index(twin)
    assert [result.rule for result in together.results] == ["a", "b"]


def test_a_split_scan_writes_the_childs_findings_from_their_lines(monkeypatch):
    """The JSON report of a split scan is the single process's, and the child's findings are never
    read back into fields to write it."""
    source = str(FIXTURES / "dimensions" / "shop.yaml")
    split = pipeline.scan_loaded(load(source), source, split=True)
    single = pipeline.scan_loaded(load(source), source, split=False)
    packed = [finding for finding in split.findings if "rule" not in vars(finding)]
    assert packed, "the child sends no finding"
    assert render(SCAN, "json", split) == render(SCAN, "json", single)
    assert all("rule" not in vars(finding) for finding in packed)
    assert split == single
