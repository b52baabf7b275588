"""Issue 14, fifth pass (the half of a scan beside the graph): each shortcut gives what the longer
way gave. The corpus's scorecards are compared byte for byte by benchmarks/identical.py; these pin
the cases a corpus may not hold."""

from __future__ import annotations

import json
import re

import pytest

from dxscan.checks import Context
from dxscan.config import Config
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi

# --- rate limits: the policy pattern ------------------------------------------------------------


@pytest.mark.parametrize("text, matches", [
    ("10 callſ/hour", True),  # ſ matches s ignoring case
    ("THROTTLED", True),
    ("QUOTA: 10", True),
    ("500 REQ/S", True),
    ("Requests Per Second", True),
    ("callbacks", False),
    ("a requirement", False),
])
def test_the_policy_pattern_ignores_case_and_needs_a_limit_word(text, matches):
    from dxscan.checks.rate_limits import _POLICY

    assert bool(_POLICY.search(text)) is matches


# --- documentation: normalised text and names repeated ---------------------------------------

TEXTS = ["The user's ID.", "  TODO  ", "n/a", "Ünïcode – text, İstanbul!", "snake_case and camelCase", "", "...",
         "page-size (max 100)", "ID of the user", "Users", "ſtate"]


@pytest.mark.parametrize("text", TEXTS)
def test_normalised_keeps_the_word_runs_the_substitution_kept(text):
    from dxscan.checks.documentation import normalised

    assert normalised(text) == " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@pytest.mark.parametrize("text, name, repeats", [
    ("The user id.", "user_id", True),
    ("User IDs", "userId", True),
    ("the users", "user", True),
    ("The id of the user", "userId", True),
    ("When the user signed up", "user_id", False),
    ("", "user_id", True),
    ("object", "x", True),  # filler only
    ("values", "value", True),
    ("valued", "value", False),
])
def test_repeats_name_is_the_set_difference_it_was(text, name, repeats):
    from dxscan.checks.documentation import FILLER, normalised, repeats_name
    from dxscan.graph.words import words

    said = set(normalised(text).split()) - FILLER
    assert repeats_name(text, name) is repeats
    assert repeats is (not said - set(words(name)) - {w + "s" for w in words(name)})


# --- naming: multi-word enum values --------------------------------------------------------


@pytest.mark.parametrize("value, multi", [
    ("active", False), ("requires_payment_method", True), ("inProgress", True), ("IN_PROGRESS", True),
    ("USD", False), ("en-GB", False), ("v2_beta", False), ("straße", False), ("ärger_groß", False), ("", False),
])
def test_a_lower_case_word_is_never_multi_word(value, multi):
    from dxscan.checks.naming import _LICENCE, _LOCALE, STANDARD_VALUES, classifiable, multi_word
    from dxscan.graph.words import words

    full = not (not classifiable(value) or any(c.isdigit() for c in value) or _LOCALE.match(value)
                or value in STANDARD_VALUES or _LICENCE.match(value)) and len(words(value)) > 1
    assert multi_word(value) is multi
    assert multi is full


# --- versioning: each segment's shape kept -------------------------------------------------


@pytest.mark.parametrize("path, version", [
    ("/v1/users", "v1"), ("/api/3/issue", "3"), ("/rest/api/2/search", "2"), ("/v{version}/geocode", "v{version}"),
    ("/{version}/items", "{version}"), ("/api/{api-version}/items", "{api-version}"),
    ("/documents/{id}/versions/{version}", None), ("/2/tweets", "2"), ("/2010-04-01/Accounts", "2010-04-01"),
    ("/box/2.0/files", "2.0"), ("/api2/x", "api2"), ("/users", None), ("/2024/report", None),
])
def test_path_version_by_segment_shape(path, version):
    from dxscan.checks.versioning import path_version

    assert path_version(path) == version


# --- the inventory's examples, and the validator's shared components -----------------------


def _spec(tmp_path, document):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document))
    return as_openapi(load(str(path)))


def _openapi(paths, components):
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths, "components": components}


def test_the_walk_lists_the_properties_with_an_example_in_walk_order(tmp_path):
    from dxscan.checks.documentation import _exemplified_properties
    from dxscan.checks.inventory import inventory

    schemas = {
        "Item": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid", "example": "x"},  # inline
            "owner": {"$ref": "#/components/schemas/Owner", "example": {"name": "a"}},  # beside a $ref
            "tag": {"$ref": "#/components/schemas/Tag"},  # on the schema it stands for
            "plain": {"type": "string", "examples": ["x"]},  # `examples` is not `example`
        }},
        "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
        "Tag": {"type": "string", "example": "red"},
    }
    spec = _spec(tmp_path, _openapi({}, {"schemas": schemas}))
    properties = inventory(spec).properties
    walked = [p for p in properties if (isinstance(p.declared, dict) and "example" in p.declared)
              or (isinstance(p.schema, dict) and "example" in p.schema)]
    assert [p.name for p in _exemplified_properties(spec)] == ["id", "owner", "tag"]
    assert list(_exemplified_properties(spec)) == walked


def test_a_shared_parameter_and_response_are_checked_once_and_reported_once(tmp_path):
    """Three operations refer to one parameter and one response: each problem once, at the component."""
    from dxscan.load.validate import validate

    bad_schema = {"type": "object", "required": "id"}  # `required` must be a list
    components = {
        "parameters": {"Limit": {"in": "query", "name": "limit", "schema": {"type": "integer", "enum": [1, 2], "default": 3}}},
        "responses": {"Error": {"description": "e", "content": {"application/json": {"schema": bad_schema}}}},
    }
    operation = {"parameters": [{"$ref": "#/components/parameters/Limit"}],
                 "responses": {"200": {"description": "ok"}, "400": {"$ref": "#/components/responses/Error"}}}
    paths = {"/a": {"get": operation}, "/b": {"get": operation, "post": operation}}
    verdict = validate(_spec(tmp_path, _openapi(paths, components)).document)
    assert verdict.valid is False
    assert [(p.pointer, p.check, p.message) for p in verdict.problems] == [
        ("/components/responses/Error/content/application~1json/schema/required", "schema", "'id' is not of type 'array'"),
        ("/components/parameters/Limit/schema/default", "default-invalid",
         "default does not match its schema: 3 is not one of [1, 2]"),
    ]


def test_a_ref_cycle_is_reported_wherever_it_is_met(tmp_path):
    from dxscan.load.validate import validate

    components = {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}}
    body = {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}
    paths = {"/a": {"get": {"responses": {"200": body}}}}
    verdict = validate(_spec(tmp_path, _openapi(paths, components)).document)
    assert [(p.pointer, p.message) for p in verdict.problems] == [
        ("/components/schemas/B/$ref",
         "$ref cycle never reaches a value: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A"),
        ("/components/schemas/A/$ref",
         "$ref cycle never reaches a value: #/components/schemas/B -> #/components/schemas/A -> #/components/schemas/B"),
    ]  # a failing chain is never kept: the walk from the component meets it again


def test_property_description_groups_per_schema_as_before(tmp_path):
    from dxscan.checks.documentation import property_description

    schemas = {
        "A": {"type": "object", "properties": {"a1": {"type": "string"}, "a2": {"type": "string", "description": "TODO"},
                                              "a3": {"type": "string", "description": "A real description of a3."}}},
        "B": {"type": "object", "properties": {"user_id": {"type": "string", "description": "The user ID."}}},
    }
    spec = _spec(tmp_path, _openapi({}, {"schemas": schemas}))
    assert [(hit.pointer, hit.message) for hit in property_description(Context(spec, config=Config()))] == [
        ("/components/schemas/A", "schema 'A': 2 properties have no useful description: 'a1', 'a2' (placeholder)"),
        ("/components/schemas/B", "schema 'B': 1 property has no useful description: 'user_id' (repeats its name)"),
    ]


@pytest.mark.parametrize("name", ["id", "a1", "1a", "123", "abc", "_links", "$count", "@type", "userId", "user_id",
                                  "User", "URL", "a-b", "aB", "straße", "éa", "aı", "", "_", "ab\n", "ab ", "a.b"])
def test_a_lower_case_word_fits_what_the_patterns_say(name):
    from dxscan.checks.naming import ALL_CONVENTIONS, CONVENTIONS, compatible

    bare = name.lstrip("_$@")
    fits = ALL_CONVENTIONS if bare.isupper() and bare.isalnum() else frozenset(
        c for c, pattern in CONVENTIONS.items() if pattern.match(bare))
    assert compatible(name) == fits


@pytest.mark.parametrize("name", ["id", "a1", "1a", "123", "", "_", "ab\n", "a_", "a--b", "$1", "@x", "_links", "é",
                                  "ı", "page_size", "odata.type", "First Name", "+1"])
def test_a_name_of_letters_and_digits_is_classifiable_as_the_patterns_say(name):
    from dxscan.checks.naming import _DOUBLED, _NAME, classifiable

    bare = name.lstrip("_$@")
    expected = bool(bare and _NAME.match(bare) and any(c.isalpha() for c in bare)) and not (
        _DOUBLED.search(bare) or bare[-1] in "-_")
    assert classifiable(name) is expected
