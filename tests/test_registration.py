"""Rules cannot get lost and the configuration is honoured everywhere (issue 10).

A scan split over two processes must report exactly what one process reports, for every rule;
a rule turned off must cost no points through any path (its findings, its pass rate, a measure
that counts its hits, or a graph metric that sums it up)."""

from __future__ import annotations

import importlib

import pytest

from dxscan.catalogue import catalogue
from dxscan.checks import check_name
from dxscan.config import Config
from dxscan.graph.metrics import METRIC_RULE
from dxscan.load import load
from dxscan.scan import scan_loaded

RULES = sorted(rule_id for rule_id, rule in catalogue().items() if rule.check)


def _bad_example(tmp_path, rule_id: str):
    path = tmp_path / f"{rule_id}.yaml"
    path.write_text(catalogue()[rule_id].bad, encoding="utf-8")
    return load(str(path)), str(path)


@pytest.mark.parametrize("rule_id", RULES)
def test_split_and_single_process_scans_report_the_same(tmp_path, rule_id):
    loaded, source = _bad_example(tmp_path, rule_id)
    single = scan_loaded(loaded, source, Config(), split=False)
    split = scan_loaded(loaded, source, Config(), split=True)
    assert rule_id in {finding.rule for finding in single.findings}
    assert split.findings == single.findings
    assert split.scorecard == single.scorecard


def _off(rule_id: str) -> Config:
    return Config(rules={rule_id: {"enabled": False}})


@pytest.mark.parametrize("rule_id", RULES)
def test_a_rule_turned_off_costs_no_points_anywhere(tmp_path, monkeypatch, rule_id):
    """Its check must not even run: it is replaced by one that crashes, and nothing may notice."""
    rule = catalogue()[rule_id]
    module = importlib.import_module(f"dxscan.checks.{rule.check}")

    def crashes(context):
        raise AssertionError(f"{rule_id} ran although it is off")
        yield  # pragma: no cover

    monkeypatch.setattr(module, check_name(rule_id), crashes)
    loaded, source = _bad_example(tmp_path, rule_id)
    report = scan_loaded(loaded, source, _off(rule_id), split=False)
    assert [f.message for f in report.findings if f.rule in (rule_id, "internal-error")] == []
    for dimension in report.scorecard.dimensions:
        assert rule_id not in {scored.rule for scored in dimension.rules}
        assert "internal_error" not in dimension.measures and "error" not in dimension.measures
        tied = {metric for metric, rule in METRIC_RULE.items() if rule == rule_id}
        assert not tied & set(dimension.measures.get("metrics", {})), f"{tied} still measured with {rule_id} off"


INTERNAL_SERVER = """
openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
servers: [{url: 'https://api.pets.io/v1'}, {url: 'http://10.0.12.7:8080/v1'}]
paths:
  /pets:
    get: {operationId: listPets, responses: {'200': {description: The pets.}}}
  /pets/{petId}:
    get:
      operationId: getPet
      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: The pet.}}
"""


def test_leak_density_counts_only_the_leak_rules_that_are_on(tmp_path):
    path = tmp_path / "internal.yaml"
    path.write_text(INTERNAL_SERVER, encoding="utf-8")
    loaded, source = load(str(path)), str(path)
    on = scan_loaded(loaded, source, Config(), split=False)
    off = scan_loaded(loaded, source, _off("server-internal"), split=False)
    density = {name: _abstraction(report).measures["metrics"]["leak_density"]["value"] for name, report in (("on", on), ("off", off))}
    assert density["on"] > density["off"] == 0


def test_options_reach_the_metric_that_sums_up_a_rule(tmp_path):
    """near-duplicate-schemas' options set both its findings and the duplication metric."""
    loaded, source = _bad_example(tmp_path, "near-duplicate-schemas")
    default = scan_loaded(loaded, source, Config(), split=False)
    strict = Config(rules={"near-duplicate-schemas": {"options": {"similarity": 1.01}}})
    relaxed = scan_loaded(loaded, source, strict, split=False)
    assert "near-duplicate-schemas" in {f.rule for f in default.findings}
    assert "near-duplicate-schemas" not in {f.rule for f in relaxed.findings}
    duplication = {name: _abstraction(report).measures["metrics"]["duplication"]["value"]
                   for name, report in (("default", default), ("relaxed", relaxed))}
    assert duplication["default"] > duplication["relaxed"] == 0


def _abstraction(report):
    return next(d for d in report.scorecard.dimensions if d.name == "abstraction")


def test_a_preview_rule_costs_no_points_through_its_graph_metric_either(tmp_path, monkeypatch):
    """A preview rule's findings cost no points until previews are on; nor does the graph metric
    that sums those findings up."""
    from dataclasses import replace

    from dxscan.catalogue import Precision

    rules = catalogue()
    monkeypatch.setitem(rules, "near-duplicate-schemas", replace(rules["near-duplicate-schemas"], precision=Precision()))
    loaded, source = _bad_example(tmp_path, "near-duplicate-schemas")
    default = _abstraction(scan_loaded(loaded, source, Config(), split=False))
    previews = _abstraction(scan_loaded(loaded, source, Config(preview=True), split=False))
    assert "duplication" not in default.measures["metrics"]
    assert previews.measures["metrics"]["duplication"]["value"] > 0
