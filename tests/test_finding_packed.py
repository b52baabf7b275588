"""Findings sent from a scan's child process as their JSON lines and fields (`Finding.packed`)."""

from __future__ import annotations

import json
import pickle

import pytest

from dxscan.checks.engine import merged, order_keys, packed
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


def _sent(finding: Finding) -> Finding:
    """The finding as the child sends it, through pickle."""
    return pickle.loads(pickle.dumps(Finding.packed(finding.json_text, finding.severity, finding.packed_fields())))


@pytest.mark.parametrize("finding", FINDINGS)
def test_a_packed_finding_equals_the_finding(finding):
    sent = _sent(finding)
    assert sent == finding
    assert hash(sent) == hash(finding)
    assert sent.json_text == finding.json_text
    assert sent.as_dict() == finding.as_dict() == json.loads(finding.json_text)


def test_packing_in_one_pass_gives_each_findings_line_severity_key_and_fields():
    fresh = [Finding(*(getattr(finding, name) for name in ("rule", "dimension", "severity", "message", "pointer",
                                                          "location", "fingerprint"))) for finding in FINDINGS]
    lines, severities, orders, fields = packed(EngineResult(tuple(fresh), ()))
    assert lines == [json.dumps(finding.as_dict(), ensure_ascii=False) for finding in FINDINGS]
    assert [vars(finding)["json_text"] for finding in fresh] == lines  # kept, as json_text keeps it
    assert severities == ["warning", "error", "info"]
    assert orders == order_keys(FINDINGS)
    assert orders[1] == ("a.json", 0, 0, orders[1][3], "oas-schema", FINDINGS[1].message)
    assert fields == [finding.packed_fields() for finding in FINDINGS]
    made = (("k",), ("e",), ("y",))  # the engine's own keys, when it sorted the findings, are sent as they are
    assert packed(EngineResult(tuple(fresh), (), made)) == (lines, severities, list(made), fields)


def test_the_engine_keeps_the_keys_it_sorted_by():
    source = str(FIXTURES / "dimensions" / "shop.yaml")
    result = pipeline.scan_loaded(load(source), source, split=False)
    ran = pipeline._scan_part(pipeline.as_openapi(load(source)), pipeline.Config(), pipeline.DIMENSIONS, True).result
    assert len(ran.findings) == len(result.findings) > 20
    assert ran.orders == tuple(order_keys(ran.findings)) == tuple(sorted(order_keys(ran.findings)))
    assert ran == EngineResult(ran.findings, ran.results)  # the keys are not compared


def test_its_severity_and_line_are_read_without_unpacking_the_rest():
    sent = _sent(FINDINGS[0])
    assert (sent.severity, sent.json_text) == ("warning", FINDINGS[0].json_text)
    assert set(vars(sent)) == {"json_text", "severity", "_packed"}
    assert sent.location == Location("a.json", 3, 5)
    assert set(vars(sent)) == {"json_text", "severity", "rule", "dimension", "message", "pointer", "location", "fingerprint"}
    assert _sent(FINDINGS[1]).location == Location("a.json", None, None)


def test_it_pickles_and_unknown_attributes_stay_errors():
    sent = _sent(FINDINGS[1])
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
    sent = tuple(_sent(f) for f in second_findings)
    second = EngineResult(sent, (RuleResult("a", "x", "operation", 1, 0, 0),), tuple(order_keys(second_findings)))
    expected = merged([first, EngineResult(second_findings, second.results)])
    together = merged([first, second])
    assert all("_packed" in vars(finding) for finding in sent)  # placed without unpacking
    assert together == expected
    assert together.findings.index(FINDINGS[0]) + 1 == together.findings.index(twin)
    assert [result.rule for result in together.results] == ["a", "b"]


def test_a_split_scan_writes_the_childs_findings_from_their_lines(monkeypatch):
    """The JSON report of a split scan is the single process's, and the child's findings are never
    unpacked to write it."""
    source = str(FIXTURES / "dimensions" / "shop.yaml")
    split = pipeline.scan_loaded(load(source), source, split=True)
    single = pipeline.scan_loaded(load(source), source, split=False)
    packed = [finding for finding in split.findings if "_packed" in vars(finding)]
    assert packed, "the child sends no finding"
    assert render(SCAN, "json", split) == render(SCAN, "json", single)
    assert all("_packed" in vars(finding) for finding in packed)
    assert split == single
