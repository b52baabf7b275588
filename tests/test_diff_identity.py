"""A finding keeps its identity across edits that do not touch it (issue 12): a renamed path
parameter, a reordered parameter list, another operation removed; an API-wide finding whose count
changed is the finding it was. The diff and a baseline match findings the same way."""

from __future__ import annotations

import pytest

from dxscan.checks.engine import fingerprint, identity_pointer
from dxscan.diff import diff
from dxscan.diff.baseline import new_findings, read_baseline, render_baseline
from dxscan.load.loader import load
from dxscan.scan.pipeline import scan_loaded
from tests.conftest import FIXTURES

CASES = FIXTURES / "diff" / "identity"


def _findings_changes(base: str, head: str) -> list[tuple[str, str | None, str]]:
    result = diff(str(CASES / base), str(CASES / head))
    return sorted((c.id, c.rule, c.message) for c in result.changes if c.id in ("new-finding", "finding-fixed"))


def _unaccepted(base: str, head: str, tmp_path) -> list[str]:
    path = tmp_path / "baseline.json"
    path.write_text(render_baseline(scan_loaded(load(str(CASES / base)), base, None)))
    report = scan_loaded(load(str(CASES / head)), head, None)
    return [f"{f.rule}: {f.message}" for f in new_findings(report.findings, read_baseline(path).findings)]


def test_renaming_a_path_parameter_keeps_every_finding(tmp_path):
    assert _findings_changes("base.yaml", "renamed.yaml") == []
    assert _unaccepted("base.yaml", "renamed.yaml", tmp_path) == []


def test_reordering_parameters_matches_each_finding_to_its_own_parameter(tmp_path):
    assert _findings_changes("base.yaml", "reordered.yaml") == [
        ("finding-fixed", "parameter-description", "parameter-description: query parameter 'expand' has no description")]
    assert _unaccepted("base.yaml", "reordered.yaml", tmp_path) == []


def test_an_api_wide_finding_whose_count_changed_is_the_same_finding(tmp_path):
    """Removing the public /health leaves 4 of 4 operations without a 401: one API-wide finding
    where there were four per operation; neither a new finding nor four fixed ones."""
    assert [c for c in _findings_changes("api-wide-base.yaml", "api-wide-head.yaml") if c[1] == "auth-errors-undocumented"] == []
    assert _unaccepted("api-wide-base.yaml", "api-wide-head.yaml", tmp_path) == []


@pytest.mark.parametrize(("pointer", "expected"), [
    ("/paths/~1orders~1{id}/get/parameters/0", "/paths/~1orders~1{}/get/parameters/path:#0"),
    ("/paths/~1orders~1{id}/get/parameters/1/schema", "/paths/~1orders~1{}/get/parameters/query:expand/schema"),
    ("/paths/~1orders~1{id}/get/parameters/2", "/paths/~1orders~1{}/get/parameters/header:x-trace"),
    ("/tags/1", "/tags/items"),
    ("/servers/0", "/servers/https:~1~1api.example.com~1v1"),
    ("/components/schemas/Order", "/components/schemas/Order"),
    ("/paths/~1nowhere/get", "/paths/~1nowhere/get"),
    ("", ""),
])
def test_identity_pointer_names_list_items_and_blanks_path_parameters(pointer, expected):
    document = load(str(CASES / "base.yaml")).document
    assert identity_pointer(document, pointer) == expected


def test_an_api_wide_key_ignores_the_pointer():
    assert fingerprint("rate-limit-response", "/paths", "@api-wide") == fingerprint("rate-limit-response", "", "@api-wide")
    assert fingerprint("rate-limit-response", "/paths", "") != fingerprint("rate-limit-response", "", "")
