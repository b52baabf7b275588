"""`dxscan baseline` and `scan --baseline`: accepted debt stops blocking; only what is new fails."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.conftest import FIXTURES

BOOKSHOP = FIXTURES / "bookshop.yaml"


@pytest.fixture
def baseline(cli, tmp_path):
    path = tmp_path / "dxscan-baseline.json"
    code, _, err = cli("baseline", str(BOOKSHOP), "-o", str(path))
    assert code == 0, err
    return path


def scan(cli, spec, *args: str):
    code, out, err = cli("scan", str(spec), "--format", "json", *args)
    assert code in (0, 1), err
    return code, json.loads(out)["findings"]


def edited(tmp_path, change=None, name: str = "edited.yaml"):
    """The bookshop with keys sorted (every line moves), a comment on top, and `change` applied."""
    document = yaml.safe_load(BOOKSHOP.read_text())
    if change:
        change(document)
    path = tmp_path / name
    path.write_text("# edited\n\n" + yaml.safe_dump(document, sort_keys=True))
    return path


def test_baseline_file_is_stable_and_has_no_lines(cli, baseline):
    data = json.loads(baseline.read_text())
    assert data["schema"] == "dxscan.baseline/1"
    assert (data["tolerance"], data["scoring"]) == (2.0, 2)
    assert set(data["dimensions"]) == {"versioning", "auth", "rate_limits", "naming", "documentation", "abstraction"}
    assert all(set(f) == {"fingerprint", "rule", "severity", "pointer", "message"} for f in data["findings"])
    keys = [(f["rule"], f["pointer"], f["fingerprint"]) for f in data["findings"]]
    assert keys == sorted(keys) and len(keys) > 0
    code, out, _ = cli("baseline", str(BOOKSHOP))
    assert (code, out) == (0, baseline.read_text())


def test_accepted_findings_no_longer_fail(cli, baseline):
    assert scan(cli, BOOKSHOP, "--fail-on", "warning")[0] == 1
    assert scan(cli, BOOKSHOP, "--fail-on", "warning", "--baseline", str(baseline)) == (0, [])


def test_moved_lines_and_reordered_keys_keep_the_fingerprints(cli, baseline, tmp_path):
    assert scan(cli, edited(tmp_path), "--fail-on", "warning", "--baseline", str(baseline)) == (0, [])


def test_only_a_new_finding_fails(cli, baseline, tmp_path):
    def strip(document):
        del document["paths"]["/books"]["get"]["description"]

    code, findings = scan(cli, edited(tmp_path, strip), "--fail-on", "warning", "--baseline", str(baseline))
    assert code == 1
    assert [(f["rule"], f["pointer"]) for f in findings] == [("operation-description", "/paths/~1books/get")]


def test_a_dimension_below_the_baseline_minus_tolerance_fails(cli, baseline, tmp_path):
    def strip_all(document):
        for item in document["paths"].values():
            for operation in item.values():
                if isinstance(operation, dict):
                    operation.pop("description", None)

    spec = edited(tmp_path, strip_all)
    accepted = json.loads(baseline.read_text())["dimensions"]["documentation"]
    now = json.loads(cli("scan", str(spec), "--format", "json")[1])["dimensions"]["documentation"]["score"]
    code, findings = scan(cli, spec, "--baseline", str(baseline))
    drops = [f for f in findings if f["rule"] == "baseline-score-drop"]
    assert code == 1 and accepted - now > 2
    assert [(f["dimension"], f["severity"], f["message"]) for f in drops] == [
        ("documentation", "error", f"documentation score {now} is {accepted - now} points below the baseline's {accepted} (tolerance 2)")]
    assert cli("scan", str(spec), "--baseline", str(baseline))[0] == 1  # the terminal report shows it too


def test_scores_from_another_scoring_model_are_not_compared(cli, baseline, tmp_path):
    """A baseline written before abstraction was graded on its rules alone (no "scoring": model 1)
    may hold an abstraction score today's model would not give the same API: an upgrade must not
    fail the gate of an API that did not change. Its findings are still gated."""
    data = json.loads(baseline.read_text())
    del data["scoring"]
    data["dimensions"]["abstraction"] = 100
    data["dimensions"]["documentation"] = 100
    old = tmp_path / "old-baseline.json"
    old.write_text(json.dumps(data))
    code, out, err = cli("scan", str(BOOKSHOP), "--format", "json", "--baseline", str(old))
    findings = json.loads(out)["findings"]
    assert (code, [f["rule"] for f in findings]) == (0, [])
    assert err == (f"dxscan: warning: baseline {old} holds scores from dxscan's scoring model 1, and today's is 2 (since "
                   "2026-12-05 abstraction is graded on its rules alone): scores are not compared with it, only findings; "
                   "rewrite it with `dxscan baseline` to gate on scores again\n")
    data["scoring"] = 2
    old.write_text(json.dumps(data))
    drops = [(f["rule"], f["dimension"]) for f in scan(cli, BOOKSHOP, "--baseline", str(old))[1]]
    assert sorted(drops) == [("baseline-score-drop", "abstraction"), ("baseline-score-drop", "documentation")]


def test_an_unreadable_baseline_exits_2(cli, tmp_path):
    missing = tmp_path / "missing.json"
    code, _, err = cli("scan", str(BOOKSHOP), "--baseline", str(missing))
    assert (code, err.strip()) == (2, f"dxscan: baseline {missing}: no such file (create it with `dxscan baseline SPEC -o {missing}`)")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    code, _, err = cli("scan", str(BOOKSHOP), "--baseline", str(broken))
    assert code == 2 and err.startswith(f"dxscan: baseline {broken}: not JSON (line 1")
    other = tmp_path / "other.json"
    other.write_text('{"schema": "dxscan.scorecard/1"}')
    code, _, err = cli("scan", str(BOOKSHOP), "--baseline", str(other))
    assert code == 2 and "not a dxscan baseline" in err
