"""The catalogue and the checks match one to one, each entry is complete, its examples run."""

from __future__ import annotations

import re

import pytest

from dxscan.catalogue import REQUIRED_TEXT, catalogue
from dxscan.checks import all_checks
from dxscan.checks.engine import INTERNAL_ERROR
from dxscan.scan.pipeline import scan

ENGINE_RULES = {INTERNAL_ERROR}  # stamped by the engine itself, no check behind them
RULES = sorted(catalogue())
CHECKED = sorted(set(RULES) - ENGINE_RULES)


def snake(rule_id: str) -> str:
    return re.sub(r"(?<=[a-z])([A-Z])", r"_\1", rule_id).replace("-", "_").lower()


def test_every_check_has_an_entry_and_every_entry_a_check():
    assert sorted(all_checks()) == CHECKED


@pytest.mark.parametrize("rule_id", CHECKED)
def test_check_function_is_named_after_its_rule(rule_id):
    assert all_checks()[rule_id].__name__ == snake(rule_id)


@pytest.mark.parametrize("rule_id", RULES)
def test_entry_has_every_section(rule_id):
    rule = catalogue()[rule_id]
    for section in REQUIRED_TEXT:
        assert getattr(rule, section).strip(), f"{rule_id} has no {section}"
    if rule_id not in ENGINE_RULES:
        assert rule.bad.strip() and rule.good.strip(), f"{rule_id} needs a bad and a good example"


def rules_found(tmp_path, text: str) -> set[str]:
    path = tmp_path / "example.yaml"
    path.write_text(text, encoding="utf-8")
    return {finding.rule for finding in scan(str(path)).findings}


@pytest.mark.parametrize("rule_id", CHECKED)
def test_bad_example_is_caught(tmp_path, rule_id):
    assert rule_id in rules_found(tmp_path, catalogue()[rule_id].bad)


@pytest.mark.parametrize("rule_id", CHECKED)
def test_good_example_passes(tmp_path, rule_id):
    assert rule_id not in rules_found(tmp_path, catalogue()[rule_id].good)
