"""The speed work of issue 14 (branch perf2) changes no result: measures read the engine's hits,
fingerprints skip the document walk only where it changes nothing, pointers split the same, and
command-line values coerce as typer's pydantic adapters would."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dxscan import pointer as jp
from dxscan.checks import Context, Hit, check_function, dimension_measures
from dxscan.checks.engine import check, identity_pointer
from dxscan.cli.app import app
from dxscan.cli.arguments import _MISS, PlainParam, _plain
from dxscan.cli.common import FailOn
from dxscan.config import Config, Ignore
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi
from tests.conftest import FIXTURES


def _context(config: Config | None = None) -> Context:
    return Context(as_openapi(load(str(FIXTURES / "bookshop.yaml"))), config=config or Config())


def test_measures_read_the_engine_hits_and_equal_a_fresh_run():
    ran = _context()
    check(ran, ("documentation", "abstraction"))
    fresh = _context()  # no engine run: hits_of runs each check itself
    assert ran.ran["operation-description"] == fresh.hits_of("operation-description")
    assert dimension_measures(ran, ("documentation",)) == dimension_measures(fresh, ("documentation",))


def test_a_measure_does_not_run_a_check_the_engine_ran(monkeypatch):
    context = _context()
    check(context, ("documentation",))
    kept = context.ran["operation-description"]
    import dxscan.checks.documentation

    def must_not_run(context):
        raise AssertionError("ran twice")
        yield  # pragma: no cover

    monkeypatch.setattr(dxscan.checks.documentation, "operation_description", must_not_run)
    assert context.hits_of("operation-description") == kept
    assert context.hits_of("operation-description") is not kept  # a copy: a measure may not change the record


def test_remembered_hits_leave_out_the_ignored_ones_as_hits_of_does():
    config = Config(ignores=(Ignore("operation-description", "/paths/~1books~1{bookId}/get", "test"),))
    ran = _context(config)
    check(ran, ("documentation",))
    fresh = _context(config)
    assert ran.ran["operation-description"] == fresh.hits_of("operation-description")
    assert ran.ran["operation-description"] == []  # its one hit, ignored
    assert [hit.pointer for hit in _context().hits_of("operation-description")] == ["/paths/~1books~1{bookId}/get"]


def test_a_rule_hit_twice_counts_twice_in_a_measure_as_before():
    context = _context()
    context.remember("operation-description", [Hit("/a", "x"), Hit("/a", "x")])
    assert len(context.hits_of("operation-description")) == 2


def _walked(document, pointer):
    """identity_pointer without the shortcut: always walks the document."""
    from dxscan.checks import engine

    if not pointer.startswith("/"):
        return pointer
    tokens = list(jp.split(pointer))
    path = ""
    if len(tokens) > 1 and tokens[0] in ("paths", "webhooks", "x-ms-paths"):
        path, tokens[1] = tokens[1], engine._TEMPLATE.sub("{}", tokens[1])
    node, parent = document, None
    for index, token in enumerate(jp.split(pointer)):
        try:
            node = jp.step(node, token)
        except KeyError:
            break
        if isinstance(parent, str) and token.isdigit():
            tokens[index] = engine._list_name(document, parent, node, path) or token
        parent = token
    return jp.from_tokens(tokens)


DOCUMENT = {
    "paths": {"/orders/{id}": {"get": {"parameters": [{"in": "path", "name": "id"}, {"in": "query", "name": "q"}]}}},
    "components": {"schemas": {"A~B": {"allOf": [{"$ref": "#/components/schemas/C"}]}, "7": {"type": "string"}}},
}


@pytest.mark.parametrize("pointer", [
    "/paths/~1orders~1{id}/get/parameters/1",
    "/paths/~1orders~1{id}/get/parameters/0",
    "/paths/~1orders~1{id}/get",
    "/components/schemas/A~0B/allOf/0",
    "/components/schemas/7",
    "/components/schemas/7/type",
    "//a",
    "/",
    "",
    "#/no/slash",
])
def test_identity_pointer_equals_the_full_walk(pointer):
    assert identity_pointer(DOCUMENT, pointer) == _walked(DOCUMENT, pointer)


def test_identity_pointer_names_list_members_and_blanks_path_parameters():
    assert identity_pointer(DOCUMENT, "/paths/~1orders~1{id}/get/parameters/1") == "/paths/~1orders~1{}/get/parameters/query:q"
    assert identity_pointer(DOCUMENT, "/paths/~1orders~1{id}/get") == "/paths/~1orders~1{}/get"


@pytest.mark.parametrize("pointer, tokens", [
    ("/paths/~1pets/get", ("paths", "/pets", "get")),
    ("/a~0b/c", ("a~b", "c")),
    ("/a/b", ("a", "b")),
    ("/a//b/", ("a", "", "b", "")),
    ("", ()),
    ("/~01", ("~1",)),
])
def test_pointer_split(pointer, tokens):
    assert jp.split(pointer) == tokens


class _Info:
    def __init__(self, **given):
        self.min, self.max, self.case_sensitive, self.parser = None, None, True, None
        self.__dict__.update(given)


@pytest.mark.parametrize("annotation, value, info, expected", [
    (str, "json", _Info(), "json"),
    (list[str], ("a.yaml", "b.json"), _Info(), ["a.yaml", "b.json"]),
    (int, "10", _Info(), 10),
    (int, 10, _Info(), 10),
    (int, "0", _Info(min=1), _MISS),
    (int, "010", _Info(), _MISS),
    (int, "1.5", _Info(), _MISS),
    (int, True, _Info(), _MISS),
    (float, "80", _Info(min=0, max=100), 80.0),
    (float, "80.5", _Info(min=0, max=100), 80.5),
    (float, "200", _Info(min=0, max=100), _MISS),
    (float, "1e3", _Info(), _MISS),
    (FailOn, "warning", _Info(), FailOn.warning),
    (FailOn, "bogus", _Info(), _MISS),
    (Path, "", _Info(), _MISS),
    (bytes, b"x", _Info(), _MISS),
])
def test_plain_coercion(annotation, value, info, expected):
    assert _plain(annotation, value, info, None, None) == expected
    if expected is not _MISS:
        assert type(_plain(annotation, value, info, None, None)) is type(expected)


def test_plain_coercion_equals_typer_adapters():
    """Each parameter of `dxscan scan`, given a typical value: the plain coercion and typer's own
    (pydantic) coercion agree on the value and its type."""
    from typer._coercion import build_runtime_param

    command = typer.main.get_command(app).commands["scan"]
    given = {"specs": ("a.yaml",), "output_format": "json", "output": "out.json", "config_file": "c.yaml",
             "fail_on": "error", "fail_under": "75.5", "limit": "3", "jobs": "2", "baseline": "b.json"}
    compared = 0
    for param in command.params:
        if param.name not in given:
            continue
        ours = PlainParam(param.type_descriptor).coerce(given[param.name], param=param, ctx=None)
        theirs = build_runtime_param(param.type_descriptor).coerce(given[param.name], param=param, ctx=None)
        assert (ours, type(ours)) == (theirs, type(theirs))
        compared += 1
    assert compared == len(given)


def test_invalid_values_keep_typers_words():
    runner = CliRunner()
    result = runner.invoke(app, ["scan", str(FIXTURES / "bookshop.yaml"), "--jobs", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--jobs' / '-j': Input should be greater than or equal to 1" in result.output
    result = runner.invoke(app, ["scan", str(FIXTURES / "bookshop.yaml"), "--fail-on", "bogus"])
    assert result.exit_code == 2
    assert "'bogus' is not one of 'error', 'warning', 'info', 'none'." in result.output


def test_a_scan_command_builds_no_pydantic_adapter(tmp_path):
    """typer's adapters module (which imports pydantic) stays unloaded; the validator may still
    import pydantic through openapi-schema-validator when a default value needs checking."""
    import subprocess

    code = ("import sys; from dxscan.cli.app import app\n"
            "try: app(['scan', sys.argv[1], '--format', 'json', '--no-cache', '-o', sys.argv[2], '--limit', '3'])\n"
            "except SystemExit: pass\n"
            "print('typer._adapters' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(FIXTURES / "bookshop.yaml"), str(tmp_path / "card.json")],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert (tmp_path / "card.json").exists()


def test_check_function_unchanged_for_remembered_rules():
    context = _context()
    check(context, ("documentation",))
    from dxscan.catalogue import catalogue

    rule = catalogue()["operation-description"]
    assert list(check_function(rule)(context)) == context.ran["operation-description"]


@pytest.mark.parametrize("schema, value, plain", [
    ({"type": "integer", "default": 30, "description": "page size"}, 30, True),
    ({"type": "string", "enum": ["asc", "desc"], "default": "asc"}, "asc", True),
    ({"type": "boolean", "x-go-name": "Flag"}, False, True),
    ({"type": "number", "nullable": True}, 1.5, True),
    ({"enum": ["a"]}, "a", True),
    ({"type": "integer"}, True, False),  # a bool is no integer to jsonschema: the validator says so
    ({"type": "integer"}, 1.0, False),
    ({"type": "string", "enum": ["asc"]}, "desc", False),
    ({"type": "string", "format": "date-time"}, "now", False),
    ({"type": "integer", "minimum": 1}, 0, False),
    ({"type": ["string"]}, "a", False),
    ({"type": "string", "nullable": True}, None, False),
    ({"description": "no type"}, "a", False),
    ({"$ref": "#/components/schemas/A"}, "a", False),
    ({"in": "query", "name": "q", "type": "string"}, "a", False),  # a 2.0 parameter: left to the validator
])
def test_plainly_valid_defaults(schema, value, plain):
    from dxscan.load.validate import _plainly_valid

    assert _plainly_valid(schema, value) is plain


@pytest.mark.parametrize("schema, value", [
    ({"type": "integer", "default": 30, "description": "page size"}, 30),
    ({"type": "string", "enum": ["asc", "desc"], "default": "asc"}, "asc"),
    ({"type": "boolean", "x-go-name": "Flag", "readOnly": True, "example": True}, False),
    ({"type": "number", "nullable": True, "title": "t", "deprecated": False}, 1.5),
])
def test_what_is_plainly_valid_the_validator_accepts(schema, value):
    from jsonschema.exceptions import best_match
    from openapi_schema_validator import OAS30Validator, oas30_format_checker

    assert best_match(OAS30Validator(schema, format_checker=oas30_format_checker).iter_errors(value)) is None


def test_an_invalid_default_is_still_reported_in_the_validators_words(tmp_path):
    from dxscan.load.validate import validate

    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"A": {"type": "integer", "default": "ten"}, "B": {"type": "integer", "default": 10}}}}
    verdict = validate(spec, None)
    assert [(p.pointer, p.message) for p in verdict.problems] == [
        ("/components/schemas/A/default", "default does not match its schema: 'ten' is not of type 'integer'")]
