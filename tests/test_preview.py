"""The preview tier: a rule not yet shown 90% right on 10 labelled findings reports at info and
costs no points, unless preview rules are enabled (--preview, `preview: true`)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from dxscan.catalogue import CatalogueError, Precision, _precision, catalogue, precisions
from dxscan.config import Config, ConfigError, parse_config
from dxscan.scan.pipeline import scan

from .conftest import FIXTURES

UNSECURED = FIXTURES / "preview" / "unsecured.yaml"  # one operation, no security: operation-unsecured fires


@pytest.fixture
def preview_rule(monkeypatch):
    """Make RULE a preview rule (3 right, 2 wrong labels) for one test."""

    def make(rule_id: str) -> None:
        rules = catalogue()
        monkeypatch.setitem(rules, rule_id, replace(rules[rule_id], precision=Precision(right=3, wrong=2)))

    return make


def auth(report) -> int | None:
    return {d.name: d.score for d in report.scorecard.dimensions}["auth"]


def finding(report, rule_id: str):
    (found,) = [f for f in report.findings if f.rule == rule_id]
    return found


def test_a_stable_rule_reports_at_its_severity_and_costs_points():
    report = scan(str(UNSECURED))
    assert finding(report, "operation-unsecured").severity == "warning"
    assert auth(report) == 0
    assert report.scorecard.score == 64


def test_a_preview_rule_reports_at_info_and_costs_no_points(preview_rule):
    preview_rule("operation-unsecured")
    report = scan(str(UNSECURED))
    assert finding(report, "operation-unsecured").severity == "info"
    assert auth(report) is None  # nothing else in auth to assess
    assert report.scorecard.score == 77


def test_preview_enabled_scores_a_preview_rule_as_a_stable_one(preview_rule):
    preview_rule("operation-unsecured")
    report = scan(str(UNSECURED), Config(preview=True))
    assert finding(report, "operation-unsecured").severity == "warning"
    assert auth(report) == 0
    assert report.scorecard.score == 64


def test_a_severity_set_in_the_configuration_wins_over_preview(preview_rule):
    preview_rule("operation-unsecured")
    config = parse_config({"rules": {"operation-unsecured": "error"}}, "test")
    report = scan(str(UNSECURED), config)
    assert finding(report, "operation-unsecured").severity == "error"
    assert auth(report) is None  # still no points without preview


def test_cli_preview_flag(cli, preview_rule):
    preview_rule("operation-unsecured")
    _, plain, _ = cli("scan", str(UNSECURED), "--format", "json", "--no-cache")
    _, scored, _ = cli("scan", str(UNSECURED), "--format", "json", "--no-cache", "--preview")
    plain, scored = json.loads(plain), json.loads(scored)
    assert (plain["score"], scored["score"]) == (77, 64)
    assert [f["severity"] for f in plain["findings"] if f["rule"] == "operation-unsecured"] == ["info"]
    assert [f["severity"] for f in scored["findings"] if f["rule"] == "operation-unsecured"] == ["warning"]


def test_configuration_preview_true(cli, preview_rule, tmp_path):
    preview_rule("operation-unsecured")
    config = tmp_path / ".dxscan.yaml"
    config.write_text("preview: true\n", encoding="utf-8")
    _, out, _ = cli("scan", str(UNSECURED), "--format", "json", "--no-cache", "--config", str(config))
    assert json.loads(out)["score"] == 64


def test_preview_flag_on_a_folder_points_to_the_configuration(cli, tmp_path):
    (tmp_path / "a.yaml").write_text(UNSECURED.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = cli("scan", str(tmp_path), "--preview")
    assert code == 2
    assert err == "dxscan: --preview applies to one spec; for several or a folder, set 'preview: true' in the configuration\n"


def test_preview_must_be_a_boolean():
    with pytest.raises(ConfigError) as raised:
        parse_config({"preview": "yes"}, ".dxscan.yaml")
    assert str(raised.value) == "invalid config (.dxscan.yaml): 'preview' must be true or false"


@pytest.mark.parametrize(("right", "wrong", "proven"), [
    (9, 1, True),    # 90% of 10
    (8, 1, False),   # 89% of 9: too few labels anyway
    (10, 0, True),
    (9, 0, False),   # 100%, but only 9 labels
    (17, 2, False),  # 89.5% of 19
    (18, 2, True),   # 90% of 20
])
def test_the_preview_threshold(right, wrong, proven):
    assert Precision(right, wrong, debatable=50).proven is proven


def test_debatable_labels_do_not_count():
    assert Precision(right=4, wrong=0, debatable=20).labelled == 4
    assert Precision().share is None


def test_unscored_rules_are_never_preview():
    assert catalogue()["internal-error"].scored is False
    assert replace(catalogue()["internal-error"], precision=Precision()).preview is False


def test_rules_lists_precision_and_status(cli, preview_rule, monkeypatch):
    preview_rule("operation-unsecured")
    rules = catalogue()
    monkeypatch.setitem(rules, "api-key-in-query", replace(rules["api-key-in-query"], precision=Precision(19, 1, 3)))
    code, out, _ = cli("rules")
    assert code == 0
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    assert lines["operation-unsecured"] == ["warning", "60%", "of", "5", "preview"]
    assert lines["api-key-in-query"] == ["error", "95%", "of", "20", "stable"]
    assert lines["internal-error"][-1] == "unscored"


def test_rule_page_shows_status(cli, preview_rule):
    preview_rule("operation-unsecured")
    _, out, _ = cli("rules", "operation-unsecured")
    assert "preview (precision 60% of 5)" in " ".join(out.split())


def test_the_generated_precision_file_names_only_catalogue_rules():
    assert set(precisions()) <= set(catalogue())


def test_a_malformed_precision_entry_is_an_error():
    with pytest.raises(CatalogueError) as raised:
        _precision("operation-unsecured", {"right": "many"})
    assert str(raised.value) == "rules/precision.yaml: 'operation-unsecured' needs integer right, wrong, debatable"
