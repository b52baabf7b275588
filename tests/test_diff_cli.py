"""`dxscan diff` as CI runs it: the gate's exit codes, its flags, accepted changes, and bad input."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.conftest import FIXTURES

BOOKSHOP = FIXTURES / "bookshop.yaml"
PAIRS = FIXTURES / "diff"


@pytest.fixture
def stripped(tmp_path):
    """The bookshop with the description of every operation removed."""
    document = yaml.safe_load(BOOKSHOP.read_text())
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                operation.pop("description", None)
    path = tmp_path / "stripped.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


@pytest.fixture
def one_more(tmp_path):
    """The bookshop plus one operation documented as well as the rest."""
    document = yaml.safe_load(BOOKSHOP.read_text())
    document["paths"]["/books/{bookId}"]["delete"] = {
        "operationId": "deleteBook", "summary": "Delete a book", "tags": ["books"],
        "description": "Removes a book from the catalogue. Requires the `books:write` scope.",
        "security": [{"oauth": ["books:write"]}],
        "responses": {"204": {"description": "The book was removed."}, "404": {"description": "No book has this id."},
                      "429": {"$ref": "#/components/responses/TooManyRequests"}},
    }
    path = tmp_path / "one-more.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def diff_json(cli, *args: str):
    code, out, err = cli("diff", *map(str, args), "--format", "json")
    assert code in (0, 1), err
    return code, json.loads(out)


def test_stripping_every_description_fails_the_gate(cli, stripped):
    code, report = diff_json(cli, BOOKSHOP, stripped)
    documentation = report["scores"]["documentation"]
    assert code == 1 and report["verdict"]["result"] == "fail"
    assert documentation["delta"] == documentation["head"] - documentation["base"] < -2
    assert f"documentation score {documentation['base']} -> {documentation['head']} ({documentation['delta']})" in report["verdict"]["reasons"]
    assert report["counts"]["breaking"] == 0
    removed = sorted(c["pointer"] for c in report["changes"] if c["id"] == "description-removed")
    assert removed == ["/paths/~1book_orders/post/description", "/paths/~1books/get/description",
                       "/paths/~1books/post/description", "/paths/~1health/get/description"]


def test_adding_an_operation_as_documented_as_the_rest_passes(cli, one_more):
    code, report = diff_json(cli, BOOKSHOP, one_more)
    assert code == 0
    assert report["counts"]["breaking"] == 0
    [added] = [c for c in report["changes"] if c["id"] == "operation-added"]
    assert (added["operation"], added["pointer"], added["kind"]) == ("DELETE /books/{bookId}", "/paths/~1books~1{bookId}/delete", "info")


def test_max_score_drop_and_fail_on(cli, stripped):
    _, report = diff_json(cli, BOOKSHOP, stripped)
    largest = str(max(-s["delta"] for s in report["scores"].values()))
    assert cli("diff", str(BOOKSHOP), str(stripped), "--max-score-drop", largest)[0] == 0
    assert cli("diff", str(BOOKSHOP), str(stripped), "--max-score-drop", largest, "--fail-on", "warning")[0] == 1
    assert cli("diff", str(BOOKSHOP), str(stripped), "--max-score-drop", largest, "--fail-on", "regression")[0] == 1
    assert cli("diff", str(BOOKSHOP), str(stripped), "--fail-on", "none")[0] == 0


def test_breaking_change_fails_and_allow_accepts_it(cli):
    base, head = PAIRS / "response-type-changed" / "base.yaml", PAIRS / "response-type-changed" / "head.yaml"
    code, report = diff_json(cli, base, head)
    assert code == 1 and report["verdict"]["reasons"] == ["1 breaking change"]
    code, report = diff_json(cli, base, head, "--allow", "response-type-changed")
    [change] = [c for c in report["changes"] if c["id"] == "response-type-changed"]
    assert (code, change["allowed"], change["fails_gate"]) == (0, "accepted with --allow", False)


def test_ignore_file_accepts_a_change_with_a_reason(cli, tmp_path):
    base, head = PAIRS / "response-property-removed" / "base.yaml", PAIRS / "response-property-removed" / "head.yaml"
    ignore = tmp_path / "accepted.yaml"
    ignore.write_text("- id: response-property-removed\n  pointer: /components/schemas/Pet/properties/tag\n"
                      "  reason: tag was never filled in; announced in the 2025-05 changelog\n")
    code, report = diff_json(cli, base, head, "--fail-on", "warning", "--ignore", ignore)
    [change] = report["changes"][:1]
    assert (code, change["allowed"]) == (0, "tag was never filled in; announced in the 2025-05 changelog")
    ignore.write_text("- id: response-property-removed\n  pointer: /components/schemas/Pet/properties/name\n  reason: r\n")
    assert cli("diff", str(base), str(head), "--fail-on", "warning", "--ignore", str(ignore))[0] == 1


def test_ignore_entries_need_a_reason_and_a_known_id(cli, tmp_path):
    base = PAIRS / "response-property-removed" / "base.yaml"
    ignore = tmp_path / "accepted.yaml"
    ignore.write_text("- id: response-property-removed\n")
    code, _, err = cli("diff", str(base), str(base), "--ignore", str(ignore))
    assert (code, err.strip()) == (2, f"dxscan: ignore file {ignore}: entry 1: needs a 'reason' (why the change is accepted)")
    ignore.write_text("- {id: no-such-change, reason: r}\n")
    code, _, err = cli("diff", str(base), str(base), "--ignore", str(ignore))
    assert code == 2 and "unknown change id 'no-such-change'" in err


def test_stability_alpha_passes_the_gate(cli):
    case = PAIRS / "stability-alpha-breaking-allowed"
    assert cli("diff", str(case / "base.yaml"), str(case / "head.yaml"))[0] == 0


def test_json_shape(cli):
    case = PAIRS / "request-parameter-added-required"
    _, report = diff_json(cli, case / "base.yaml", case / "head.yaml")
    assert report["schema"] == "dxscan.diff/1"
    assert set(report) == {"schema", "tool", "base", "head", "verdict", "scores", "counts", "changes"}
    assert set(report["scores"]) == {"overall", "versioning", "auth", "rate_limits", "naming", "documentation", "abstraction"}
    change = report["changes"][0]
    assert {k: change[k] for k in ("id", "kind", "severity", "operation", "pointer")} == {
        "id": "request-parameter-added-required", "kind": "breaking", "severity": "error",
        "operation": "GET /pets", "pointer": "/paths/~1pets/get/parameters/1"}
    assert change["location"] == {"file": str(case / "head.yaml"), "line": 11, "column": 11}


def test_markdown_puts_the_verdict_first(cli):
    case = PAIRS / "response-property-became-optional"
    code, out, _ = cli("diff", str(case / "base.yaml"), str(case / "head.yaml"), "--format", "markdown")
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == "## ❌ dxscan: 1 breaking change"
    assert lines.index("### Breaking changes (1)") < lines.index("### Scores")
    assert "response property 'Pet.name' became optional: clients may not find it" in out


def test_summary_is_appended_as_markdown(cli, tmp_path):
    case = PAIRS / "tag-removed"
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    code, _, _ = cli("diff", str(case / "base.yaml"), str(case / "head.yaml"), "--format", "json", "--summary", str(summary))
    text = summary.read_text()
    assert code == 0
    assert text.startswith("earlier step\n## ✅ dxscan: passes the DX gate\n")
    assert "tag 'stores' was removed" in text


def test_standard_input_is_one_side(cli):
    case = PAIRS / "summary-removed"
    code, out, _ = cli("diff", "-", str(case / "head.yaml"), "--format", "json", input=(case / "base.yaml").read_text())
    [removed] = [c for c in json.loads(out)["changes"] if c["id"] == "summary-removed"]
    assert (code, removed["location"]) == (1, {"file": "<stdin>", "line": 7, "column": 7})


def test_unusable_input_exits_2(cli, tmp_path):
    assert cli("diff", "-", "-")[0] == 2
    code, _, err = cli("diff", str(tmp_path / "missing.yaml"), str(BOOKSHOP))
    assert (code, err.strip()) == (2, f"dxscan: {tmp_path / 'missing.yaml'}: no such file")
    not_openapi = tmp_path / "x.yaml"
    not_openapi.write_text("a: 1\n")
    assert cli("diff", str(BOOKSHOP), str(not_openapi))[0] == 2
    assert cli("diff", str(BOOKSHOP), str(BOOKSHOP), "--format", "pdf")[0] == 2


def test_github_format_is_chosen_under_github_actions(cli, monkeypatch):
    case = PAIRS / "response-property-removed"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = cli("diff", str(case / "base.yaml"), str(case / "head.yaml"), "--fail-on", "warning")
    head = case / "head.yaml"
    assert code == 1
    assert out.splitlines()[0] == (
        f"::error file={head},title=dxscan response-property-removed::response property 'Pet.tag' was removed: "
        f"clients reading it get nothing (was at {case / 'base.yaml'}:24:9) [GET /pets/{{id}}]")
    assert out.splitlines()[-1].startswith("::error title=dxscan diff::fails the DX gate: 1 breaking change")
