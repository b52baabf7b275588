"""Configuration files: found upward, strict about keys, applied to the scan."""

from __future__ import annotations

import pytest

from dxscan.config import ConfigError, find_config, load_config, parse_config
from tests.conftest import FIXTURES

SPEC = (FIXTURES / "bookshop.yaml").read_text()


def test_found_upward_from_the_spec(tmp_path):
    (tmp_path / ".dxscan.yaml").write_text("fail-on: warning\n")
    spec = tmp_path / "api" / "v1" / "openapi.yaml"
    spec.parent.mkdir(parents=True)
    spec.write_text(SPEC)
    assert find_config(str(spec)) == tmp_path / ".dxscan.yaml"


def test_pyproject_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.dxscan]\nfail-under = 50\n[tool.dxscan.rules]\noperation-tags = 'off'\n")
    spec = tmp_path / "openapi.yaml"
    spec.write_text(SPEC)
    config = load_config(find_config(str(spec)))
    assert config.fail_under == 50 and not config.enabled("operation-tags")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"rulez": {}}, "unknown option 'rulez'"),
        ({"rules": {"nope": "off"}}, "unknown rule 'nope'"),
        ({"rules": {"operation-tags": "loud"}}, "severity of rule 'operation-tags'"),
        ({"rules": {"operation-tags": {"options": {"max_len": 3}}}}, "unknown option 'max_len' for rule 'operation-tags'"),
        ({"weights": {"speed": 2}}, "unknown dimension 'speed'"),
        ({"ignore": [{"rule": "operation-tags", "path": "/x"}]}, "unknown key 'path' in ignore[0]"),
        ({"fail-on": "sometimes"}, "'fail-on' must be one of"),
        ({"fail-under": 120}, "'fail-under' must be a number from 0 to 100"),
    ],
)
def test_wrong_keys_and_values_name_file_and_key(raw, message):
    with pytest.raises(ConfigError) as error:
        parse_config(raw, ".dxscan.yaml")
    assert str(error.value).startswith("invalid config (.dxscan.yaml): ")
    assert message in str(error.value)


def test_cli_reports_bad_config_with_exit_2(cli, tmp_path):
    (tmp_path / ".dxscan.yaml").write_text("rules:\n  operation-tags: {level: 1}\n")
    spec = tmp_path / "openapi.yaml"
    spec.write_text(SPEC)
    code, _, err = cli("scan", str(spec))
    assert code == 2 and "invalid config" in err and "unknown key 'level' for rule 'operation-tags'" in err


def test_config_changes_severity_disables_ignores_and_weights(scan_json, tmp_path):
    spec = tmp_path / "openapi.yaml"
    spec.write_text(SPEC)
    (tmp_path / ".dxscan.yaml").write_text(
        "rules:\n  server-internal: error\n  rate-limit-response: off\n"
        "ignore:\n  - rule: operation-description\n    pointer: /paths/~1books~1{bookId}/*\n    reason: legacy\n"
        "weights:\n  documentation: 3\n"
    )
    card = scan_json(spec)
    rules = {f["rule"]: f for f in card["findings"]}
    assert rules["server-internal"]["severity"] == "error"
    assert "rate-limit-response" not in rules
    assert "operation-description" not in rules
    assert card["dimensions"]["documentation"]["weight"] == 3


def test_explicit_config_flag(cli, tmp_path):
    config = tmp_path / "strict.yaml"
    config.write_text("fail-on: info\n")
    assert cli("scan", str(FIXTURES / "bookshop.yaml"), "--config", str(config))[0] == 1
    code, _, err = cli("scan", str(FIXTURES / "bookshop.yaml"), "--config", str(tmp_path / "nope.yaml"))
    assert code == 2 and "no such file" in err


def test_a_retired_option_is_accepted_and_ignored():
    """god-schema's min_share went when reuse stopped counting: a configuration setting it must still load
    after an upgrade, and the option must not reach the check."""
    config = parse_config({"rules": {"god-schema": {"options": {"min_share": 0.5, "huge_properties": 80}}}}, "cfg.yaml")
    assert config.options("god-schema") == {"huge_properties": 80}


def test_ambiguous_identifier_still_accepts_min_resources():
    config = parse_config({"rules": {"ambiguous-identifier": {"options": {"min_resources": 4}}}}, "cfg.yaml")
    assert config.options("ambiguous-identifier") == {}
