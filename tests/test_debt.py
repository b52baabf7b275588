"""What to fix first: debt items ranked by consumer impact (severity x reach) per effort.

The findings here are made by hand, so the ranking is tested whatever the rules find."""

from __future__ import annotations

import dataclasses

import pytest

from dxscan.results import Finding, Location
from dxscan.scan.pipeline import scan
from dxscan.score.debt import EVERY_OPERATION, debt_items, operation_key, portfolio_debt

SPEC = """\
openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /a: {get: {responses: {'200': {description: ok}}}}
  /b: {get: {responses: {'200': {description: ok}}}}
  /c: {get: {responses: {'200': {description: ok}}}}
  /d: {get: {responses: {'200': {description: ok}}}}
"""


def finding(rule: str, pointer: str, severity: str = "warning", dimension: str = "documentation") -> Finding:
    return Finding(rule, dimension, severity, f"{rule} at {pointer}", pointer, Location("openapi.yaml", 1, 1), pointer)


@pytest.fixture
def shop(write):
    """A 4-operation report whose findings each test sets."""
    report = scan(str(write(SPEC)))

    def with_findings(*findings: Finding):
        return dataclasses.replace(report, findings=findings)

    return with_findings


def test_operation_key_from_pointer():
    assert operation_key("/paths/~1a/get/responses") == ("paths", "/a", "get")
    assert operation_key("/paths/~1a/parameters/0") == ("paths", "/a", "")
    assert operation_key("/servers/1") == EVERY_OPERATION
    assert operation_key("") == EVERY_OPERATION
    assert operation_key("/paths") == EVERY_OPERATION
    assert operation_key("/components/securitySchemes/key") == EVERY_OPERATION
    assert operation_key("/components/schemas/Pet") is None
    assert operation_key("paths/pet.yaml#/get") is None


def test_reach_effort_and_priority(shop):
    items = {i.rule: i for i in debt_items(shop(
        finding("wide", "/servers/1"),
        *[finding("many", f"/paths/~1{p}/get") for p in "abcd"],
        finding("one", "/paths/~1d/get/responses"),
        finding("shared", "/components/schemas/Thing", severity="error"),
    ))}
    assert (items["wide"].reach, items["wide"].effort, items["wide"].priority, items["wide"].api_wide) == (4, 1.0, 8.0, True)
    assert (items["many"].reach, items["many"].effort, items["many"].priority) == (4, 2.0, 4.0)
    assert (items["one"].reach, items["one"].priority) == (1, 2.0)
    assert (items["shared"].reach, items["shared"].priority) == (1, 3.0)  # no graph: a shared component counts once
    assert [f.pointer for f in items["many"].places] == [f"/paths/~1{p}/get" for p in "abcd"]


def test_wide_cheap_fixes_rank_first(shop):
    ranked = [i.rule for i in debt_items(shop(
        finding("one", "/paths/~1d/get"),
        *[finding("many", f"/paths/~1{p}/get") for p in "abcd"],
        finding("wide", "/info"),
    ))]
    assert ranked == ["wide", "many", "one"]  # one place reaching 4 > four places reaching 4 > one reaching 1


def test_catalogue_gives_title_so_what_and_fix(shop):
    [item] = debt_items(shop(finding("operation-description", "/paths/~1a/get")))
    assert item.title == "Operations have a description"
    assert "description" in item.rationale and item.fix


def test_component_reach_comes_from_the_graph_when_the_report_has_it(shop):
    report = shop(finding("shared", "/components/schemas/Thing/properties/x"))
    dimensions = tuple(
        dataclasses.replace(d, measures={**d.measures, "reach": {"/components/schemas/Thing": 3}}) if d.name == "abstraction" else d
        for d in report.scorecard.dimensions
    )
    with_graph = dataclasses.replace(report, scorecard=dataclasses.replace(report.scorecard, dimensions=dimensions))
    assert debt_items(with_graph)[0].reach == 3


def test_portfolio_debt_counts_apis(shop):
    first = shop(finding("common", "/info", severity="info"), finding("rare", "/info", severity="error"))
    second = shop(finding("common", "/info", severity="info"))
    third = shop(finding("common", "/paths/~1a/get", severity="info"), finding("common", "/paths/~1b/get", severity="info"))
    debts = portfolio_debt({source: debt_items(report) for source, report in (("a.yaml", first), ("b.yaml", second), ("c.yaml", third))})
    assert [(d.rule, d.sources, d.places, d.priority) for d in debts] == [
        ("common", ("a.yaml", "b.yaml", "c.yaml"), 4, 3),  # info x 3 APIs
        ("rare", ("a.yaml",), 1, 3),  # error x 1 API; fewer places
    ]
