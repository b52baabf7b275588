"""`dxscan scan` over several specs or a folder: side by side, cross-API consistency, failures."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from dxscan.cli.app import app
from dxscan.load.loader import load
from dxscan.model import Spec
from dxscan.portfolio.conventions import (
    Profile,
    auth_model,
    error_format,
    inconsistencies,
    pagination_style,
    profile,
    versioning_strategy,
)
from dxscan.portfolio.scan import ApiResult, build_portfolio, declares_openapi, expand
from tests.conftest import FIXTURES
from tests.golden_files import assert_golden

APIS = ["portfolio/billing.yaml", "portfolio/legacy.yaml", "portfolio/orders.yaml", "portfolio/shipping.yaml"]
BROKEN = "portfolio/broken/broken.yaml"


@pytest.fixture
def in_fixtures(monkeypatch):
    monkeypatch.chdir(FIXTURES)


@pytest.fixture(scope="module")
def portfolio_json():
    """The fixture folder scanned once for the tests that read its JSON (in two processes)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(FIXTURES)
        result = CliRunner().invoke(app, ["scan", "portfolio", "--format", "json", "--jobs", "2"])
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_folder_expands_to_openapi_documents_only(in_fixtures):
    found = expand(["portfolio"])
    assert found.files == (APIS[0], BROKEN, *APIS[1:])  # sorted, whatever the file system's order
    assert found.skipped == ("portfolio/notes.json", "portfolio/shared/problem.yaml")  # not APIs: a note, a fragment
    assert expand(["portfolio/orders.yaml", "portfolio", "./portfolio/orders.yaml"]).files[0] == "portfolio/orders.yaml"
    assert len(expand(["portfolio/orders.yaml", "portfolio"]).files) == 5  # no repeats


def test_declares_openapi(tmp_path):
    for name, text, expected in [
        ("a.yaml", "# comment\nopenapi: 3.1.0\n", True),
        ("b.json", '{"info": {}, "swagger": "2.0"}', True),
        ("c.yaml", "type: object\nproperties: {openapi: {type: string}}\n", False),
        ("d.json", '{"type": "object"}', False),
    ]:
        (tmp_path / name).write_text(text)
        assert declares_openapi(tmp_path / name) is expected, name


def test_portfolio_json_document(portfolio_json):
    code, document, err = portfolio_json
    assert code == 1  # the legacy API sends its key in the query string: an error, so the gate fails
    assert document["schema"] == "dxscan.portfolio/1"
    summary = document["summary"]
    assert (summary["apis"], summary["scanned"], summary["failed"], summary["skipped"], summary["gate_failed"]) == (5, 4, 1, 2, 1)
    scores = [a["score"] for a in document["apis"] if a["status"] == "scanned"]
    assert summary["score"] == round(sum(scores) / len(scores))
    assert [a["source"] for a in document["apis"]] == [APIS[0], BROKEN, *APIS[1:]]
    failed = document["apis"][1]
    assert failed == {"source": BROKEN, "status": "failed", "error": f"{BROKEN}:4:10: invalid YAML: did not find expected ',' or ']'"}
    assert err == (f"dxscan: {failed['error']}\n"
                   "dxscan: FAIL: portfolio/legacy.yaml: 1 finding at error or worse (--fail-on error, the default)\n")
    orders = document["apis"][3]
    assert orders["title"] == "Orders API" and orders["gate"] == "passed"
    assert orders["scorecard"]["schema"] == "dxscan.scorecard/1" and orders["scorecard"]["spec"]["source"] == "portfolio/orders.yaml"
    assert document["skipped"] == ["portfolio/notes.json", "portfolio/shared/problem.yaml"]
    auth = document["dimensions"]["auth"]
    assert auth["min"] == min(a["dimensions"]["auth"] for a in document["apis"] if a["status"] == "scanned") and auth["scored"] == 4


def test_conventions_of_each_api(portfolio_json):
    _, document, _ = portfolio_json
    conventions = {a["source"]: a["conventions"] for a in document["apis"] if a["status"] == "scanned"}
    assert conventions["portfolio/orders.yaml"] == {
        "auth": "OAuth 2", "versioning": "URL path", "path_naming": "kebab-case", "parameter_naming": "camelCase",
        "property_naming": "camelCase", "pagination": "cursor", "errors": "problem+json",
    }
    assert conventions["portfolio/legacy.yaml"] == {
        "auth": "API key in the query string", "versioning": "URL path", "path_naming": "snake_case", "parameter_naming": "snake_case",
        "property_naming": "snake_case", "pagination": "page number", "errors": "custom (code, message)",
    }
    shipping = conventions["portfolio/shipping.yaml"]
    assert (shipping["versioning"], shipping["pagination"], shipping["errors"]) == ("header", "offset/limit", "problem+json")
    assert shipping["property_naming"] == "camelCase"  # its error schema lives in shared/problem.yaml


def test_inconsistencies_name_the_apis_that_differ(portfolio_json):
    _, document, _ = portfolio_json
    found = [(i["trait"], i["sources"], i["value"], i["majority"], i["majority_count"], i["compared"]) for i in document["consistency"]]
    assert found == [
        ("auth", ["portfolio/legacy.yaml"], "API key in the query string", "OAuth 2", 3, 4),
        ("versioning", ["portfolio/shipping.yaml"], "header", "URL path", 3, 4),
        ("path_naming", ["portfolio/legacy.yaml"], "snake_case", "kebab-case", 3, 4),
        ("parameter_naming", ["portfolio/legacy.yaml"], "snake_case", "camelCase", 3, 4),
        ("property_naming", ["portfolio/legacy.yaml"], "snake_case", "camelCase", 3, 4),
        ("pagination", ["portfolio/legacy.yaml"], "page number", "cursor", 2, 4),
        ("pagination", ["portfolio/shipping.yaml"], "offset/limit", "cursor", 2, 4),
        ("errors", ["portfolio/legacy.yaml"], "custom (code, message)", "problem+json", 3, 4),
    ]
    assert document["consistency"][0]["message"] == "auth model: 'Legacy Stock API' uses API key in the query string; 3 of 4 APIs use OAuth 2"
    assert document["conventions"]["auth"] == {"OAuth 2": APIS[:1] + APIS[2:], "API key in the query string": ["portfolio/legacy.yaml"]}


def test_split_when_no_choice_leads():
    profiles = {name: _profile(auth) for name, auth in (("a", "OAuth2"), ("b", "HTTP basic"), ("c", "OAuth2"), ("d", "HTTP basic"))}
    [split] = inconsistencies(profiles, {})
    assert split.majority is None and split.sources == ("a", "b", "c", "d")
    assert split.message == "no common auth model across 4 APIs: HTTP basic (2), OAuth2 (2)"
    assert inconsistencies({"a": _profile("OAuth2"), "b": _profile("OAuth2")}, {}) == ()


def _profile(auth: str) -> Profile:
    return Profile(auth, None, None, None, None, None, None)


def test_portfolio_json_matches_golden(cli, in_fixtures):
    code, out, _ = cli("scan", "portfolio", "--format", "json", "--jobs", "1")
    assert code == 1 and out.count("\n") == 1  # one line
    assert_golden("portfolio.json", json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n")


def test_portfolio_markdown_matches_golden(cli, in_fixtures):
    code, out, _ = cli("scan", *APIS, "--format", "markdown")
    assert code == 1
    assert_golden("portfolio.md", out)


def test_one_or_two_jobs_give_the_same_report(cli, in_fixtures):
    one = cli("scan", "portfolio", "--format", "json", "--jobs", "1")
    two = cli("scan", "portfolio", "--format", "json", "--jobs", "2")
    assert one == two


@pytest.mark.parametrize("output_format", ["text", "markdown", "html"])
def test_every_format_shows_the_apis_and_where_they_differ(cli, in_fixtures, output_format):
    code, out, _ = cli("scan", "portfolio", "--format", output_format)
    assert code == 1
    for name in ("Billing API", "Legacy Stock API", "Orders API", "Shipping API"):
        assert name in out
    assert "Where the APIs part ways" in out
    expected = {
        "text": "OAuth 2 in 3 of 4 APIs; 1 differs: Legacy Stock API (API key in the query string)",
        "markdown": "| auth model | OAuth 2 (3) · API key in the query string (1) | Legacy Stock API (API key in the query string) |",
        "html": "Most common: <b>OAuth 2</b>, in 3 of 4 APIs.",
    }
    assert expected[output_format] in out
    assert "broken.yaml:4:10: invalid YAML" in out


def test_portfolio_badge(cli, in_fixtures):
    code, out, _ = cli("scan", "portfolio", "--format", "badge")
    assert code == 1 and out.startswith("<svg") and 'aria-label="DX · 4 APIs: ' in out


def test_gate_options_apply_to_every_api(cli, in_fixtures):
    assert cli("scan", "portfolio", "--fail-on", "none", "--format", "json")[0] == 0
    assert cli("scan", *APIS[:1], APIS[2], "--format", "json")[0] == 0
    assert cli("scan", *APIS[:1], APIS[2], "--fail-on", "none", "--fail-under", "101", "--format", "json")[0] == 2  # usage: max 100


def test_output_file_whole_and_untouched_when_nothing_could_be_read(cli, in_fixtures, tmp_path):
    target = tmp_path / "portfolio.html"
    code, out, _ = cli("scan", "portfolio", "--format", "html", "-o", str(target))
    assert code == 1 and out == ""
    assert target.read_text().startswith("<!doctype html>") and [p.name for p in tmp_path.iterdir()] == ["portfolio.html"]
    target.write_text("previous")
    code, _, _ = cli("scan", "portfolio/broken", "--format", "html", "-o", str(target))
    assert code == 2 and target.read_text() == "previous"


def test_nothing_readable_exits_2_with_one_line_per_spec(cli, tmp_path):
    shutil.copy(FIXTURES / "bad" / "broken.yaml", tmp_path / "one.yaml")
    shutil.copy(FIXTURES / "bad" / "truncated.json", tmp_path / "two.json")
    code, out, err = cli("scan", str(tmp_path))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"dxscan: {tmp_path / 'one.yaml'}:4:10: invalid YAML: did not find expected ',' or ']'",
        f"dxscan: {tmp_path / 'two.json'}:4:1: invalid JSON: Expecting property name enclosed in double quotes",
    ]


def test_usage_errors(cli, tmp_path):
    code, _, err = cli("scan", str(tmp_path))
    assert code == 2 and err == f"dxscan: {tmp_path}: no OpenAPI or Swagger documents (*.yaml, *.yml, *.json) found\n"
    code, _, err = cli("scan", "-", str(FIXTURES / "bookshop.yaml"))
    assert code == 2 and "standard input" in err
    code, _, err = cli("scan", str(FIXTURES / "portfolio"), "--baseline", "x.json")
    assert code == 2 and "--baseline applies to one spec" in err


def test_missing_file_among_others_is_listed_as_failed(cli, in_fixtures):
    code, out, _ = cli("scan", "portfolio/orders.yaml", "missing.yaml", "--format", "json")
    document = json.loads(out)
    assert code == 2 and document["summary"]["failed"] == 1  # a named file that cannot be read: unusable input
    assert document["apis"][0] == {"source": "missing.yaml", "status": "failed", "error": "missing.yaml: no such file"}


def test_a_crash_fails_one_spec_not_the_portfolio(monkeypatch, in_fixtures):
    from dxscan.portfolio import scan as portfolio

    def explode(task):
        raise MemoryError("out of memory")

    monkeypatch.setattr(portfolio, "_scan", explode)
    result = portfolio.scan_one(portfolio.Task("portfolio/orders.yaml", None, False, None, None))
    assert result.report is None and result.error == "portfolio/orders.yaml: dxscan failed on it: MemoryError: out of memory"


# --- conventions of one API ------------------------------------------------------------------

def test_traits_come_from_the_dimensions_measures():
    schemes = [{"kind": "OAuth 2", "applied": True}, {"kind": "API key in a header", "applied": True}, {"kind": "HTTP basic", "applied": False}]
    assert auth_model({"schemes": schemes}) == "API key in a header + OAuth 2"
    assert auth_model({"schemes": []}) == "none declared"
    assert auth_model({}) is None  # not measured: not compared
    assert versioning_strategy({"strategies": ["path", "server", "header"]}) == "URL path + header"
    assert versioning_strategy({"strategies": []}) == "none found"
    assert pagination_style({"pagination": {"offset": 2, "cursor": 5}}) == "cursor"
    assert pagination_style({"pagination": {}}) is None
    casing = {"path_segments": {"convention": "kebab-case"}, "parameters": {"convention": "single words"}, "properties": {}}
    found = profile({"naming": {"casing": casing}}, None)
    assert (found.path_naming, found.parameter_naming, found.property_naming, found.errors) == ("kebab-case", None, None, None)


def _spec(write, text: str) -> Spec:
    return Spec.from_loaded(load(str(write(text))))


@pytest.mark.parametrize(("responses", "expected"), [
    (("'404': {description: no, content: {application/json: {schema: {$ref: '#/components/schemas/E'}}}}\n"
      "        default: {$ref: '#/components/responses/E'}"), "custom (error, requestId)"),
    ("'404': {description: no, content: {application/problem+json: {schema: {type: object}}}}", "problem+json"),
    ("'400': {description: no, content: {application/json: {schema: {allOf: [{$ref: '#/components/schemas/P'}]}}}}",
     "problem details (application/json)"),
    ("'400': {description: no, content: {application/json: {schema: {type: string}}}}", "unstructured"),
    ("'400': {description: no}", "not documented"),
])
def test_error_format(write, responses, expected):
    spec = _spec(write, f"""\
openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /a:
    get:
      responses:
        '200': {{description: ok}}
        {responses}
components:
  responses:
    E: {{description: no, content: {{application/json: {{schema: {{$ref: '#/components/schemas/E'}}}}}}}}
  schemas:
    E: {{type: object, properties: {{error: {{type: object}}, requestId: {{type: string}}}}}}
    P: {{type: object, properties: {{type: {{}}, title: {{}}, status: {{}}, detail: {{}}}}}}
""")
    assert error_format(spec) == expected


def test_error_format_of_swagger_2(in_fixtures):
    assert error_format(Spec.from_loaded(load("portfolio/legacy.yaml"))) == "custom (code, message)"


def test_build_portfolio_sorts_and_counts():
    results = [ApiResult("b.yaml", None, None, "b.yaml: no such file"), ApiResult("a.yaml", None, None, "a.yaml: no such file")]
    portfolio = build_portfolio(results, ["z.json"])
    assert [r.source for r in portfolio.results] == ["a.yaml", "b.yaml"]
    assert portfolio.score is None and portfolio.grade == "n/a" and portfolio.skipped == ("z.json",)


def _collector_state(task):
    """Stands in for scan_one in a worker: reports whether the worker's collector runs."""
    import gc

    return ApiResult(task.source, None, None, f"collector {'on' if gc.isenabled() else 'off'}")


def test_workers_collect_garbage_when_the_parent_has_stopped_collecting(monkeypatch):
    """The console script stops its own collector for good (its results only grow); each worker
    runs many scans and must still collect the cyclic garbage every scan leaves behind."""
    import gc

    from dxscan.portfolio import scan as portfolio_scan

    monkeypatch.setattr(portfolio_scan, "scan_one", _collector_state)
    tasks = [portfolio_scan.Task(f"spec{n}.yaml", None, False, None, None) for n in range(2)]
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        results = portfolio_scan.scan_all(tasks, jobs=2)
    finally:
        if was_enabled:
            gc.enable()
    assert sorted(r.error for r in results) == ["collector on", "collector on"]
