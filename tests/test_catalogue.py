"""The catalogue and the checks match one to one, each entry is complete, its examples run."""

from __future__ import annotations

import pytest

from dxscan.catalogue import REQUIRED_TEXT, catalogue
from dxscan.checks import check_function, check_name
from dxscan.checks.engine import INTERNAL_ERROR
from dxscan.scan.pipeline import scan

ENGINE_RULES = {INTERNAL_ERROR}  # stamped by the engine itself, no check behind them
RULES = sorted(catalogue())
CHECKED = sorted(set(RULES) - ENGINE_RULES)


def test_every_entry_but_the_engine_own_names_a_check():
    assert sorted(rule_id for rule_id, rule in catalogue().items() if rule.check) == CHECKED


@pytest.mark.parametrize("rule_id", CHECKED)
def test_the_check_an_entry_names_exists_and_is_named_after_its_rule(rule_id):
    function = check_function(catalogue()[rule_id])
    assert function.__name__ == check_name(rule_id)
    assert function.__module__ == f"dxscan.checks.{catalogue()[rule_id].check}"


def test_check_names_are_the_ids_in_snake_case():
    assert check_name("operation-operationId-unique") == "operation_operation_id_unique"
    assert check_name("api-key-in-query") == "api_key_in_query"


def test_no_check_function_is_left_without_a_catalogue_entry():
    """A module-level generator in a check module that is named like a rule but has no entry is
    a check nobody runs."""
    import importlib
    import inspect

    named = {check_name(rule_id) for rule_id in CHECKED}
    modules = {rule.check for rule in catalogue().values() if rule.check}
    orphans = []
    for module_name in sorted(modules):
        module = importlib.import_module(f"dxscan.checks.{module_name}")
        for name, function in vars(module).items():
            if inspect.isgeneratorfunction(function) and function.__module__ == module.__name__ \
                    and not name.startswith("_") and name not in named and _takes_context(function):
                orphans.append(f"{module_name}.{name}")
    assert orphans == []


def _takes_context(function) -> bool:
    import inspect

    parameters = list(inspect.signature(function).parameters)
    return parameters == ["context"]


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
