"""The validator, the model's operation walk and the inventory walk on objects they meet more than
once or in more than one way: a schema every response leads to, one object at two places, a path
item's parameters shared by its methods, an object written in place that is also a named
component, leaf schemas among the roots. The answers are the ones df72f38 gave (checked against that
tree when these tests were written, for the seventh speed pass, whose shortcuts on these paths the
review then took out again: the answers hold either way)."""

from __future__ import annotations

from typing import Any

from dxscan.load.loader import LoadedSpec
from dxscan.load.validate import validate
from dxscan.model import Spec


def _problems(document: dict[str, Any]) -> tuple[bool, list[tuple[str, str, str]]]:
    verdict = validate(document)
    return verdict.valid, [(p.pointer, p.message, p.check) for p in verdict.problems]


def _openapi(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}
    if schemas is not None:
        document["components"] = {"schemas": schemas}
    return document


def _error_response() -> dict[str, Any]:
    return {"description": "e", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def test_a_schema_every_response_leads_to_is_checked_once_and_its_problem_reported_once():
    error = {"type": "object", "properties": {"code": {"type": "integer", "default": "x"}}}
    paths = {f"/p{i}": {"get": {"responses": {"200": {"description": "ok"}, "default": _error_response()}}} for i in range(3)}
    assert _problems(_openapi(paths, {"Error": error})) == (False, [
        ("/components/schemas/Error/properties/code/default", "default does not match its schema: 'x' is not of type 'integer'",
         "default-invalid")])


def test_one_schema_object_at_two_places_is_still_seen_as_shared_when_checked_again_at_the_top():
    recursive: dict[str, Any] = {"type": "object", "properties": {}}
    recursive["properties"]["self"] = recursive  # contains itself: OSV's Python meta-check recurses forever
    paths = {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}}
    assert _problems(_openapi(paths, {"A": recursive, "B": recursive})) == (False, [
        ("/components/schemas/A", "schema contains itself, so openapi-spec-validator's schema check recurses forever",
         "recursive-schema")])


def test_a_path_items_parameters_are_read_once_for_its_methods_with_the_same_problems():
    paths = {
        "/a/{id}": {"parameters": [{"name": "id", "schema": {"type": "string"}}],  # no 'in'
                    "get": {"responses": {"200": {"description": "ok"}}},
                    "put": {"responses": {"200": {"description": "ok"}}}},
        "/b/{id}": {"parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "get": {"responses": {"200": {"description": "ok"}}},
                    "delete": {"parameters": [{"name": "other", "in": "path", "required": True, "schema": {"type": "string"}}],
                               "responses": {"200": {"description": "ok"}}}},
    }
    valid, problems = _problems(_openapi(paths))
    assert not valid
    assert problems == [
        ("/paths/~1a~1{id}/parameters/0", "missing required property 'in'", "schema"),
        ("/paths/~1a~1{id}/parameters/0", ('{"name": "id", "schema": {"type": "string"}} matches more than one of the allowed '
                                            "alternatives"), "schema"),
        ("/paths/~1a~1{id}/parameters/0", "parameter has no 'in'", "unexpected-value"),
        ("/paths/~1b~1{id}/delete/parameters/0", "path parameter 'other' is defined but not in the path template '/b/{id}'",
         "path-parameter-not-in-template"),
    ]


def test_a_template_whose_names_match_the_defined_ones_and_one_that_misses_one():
    get = {"parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
           "responses": {"200": {"description": "ok"}}}
    paths = {"/a/{id}": {"get": get}, "/b/{id}/{sub}": {"get": get}}
    assert _problems(_openapi(paths)) == (False, [
        ("/paths/~1b~1{id}~1{sub}/get", "path parameter 'sub' of '/b/{id}/{sub}' has no parameter definition in get",
         "path-parameter-undefined")])


def test_an_object_written_in_place_and_named_as_a_component_keeps_its_component_pointer():
    """One object at two places (a YAML anchor, a file inlined twice): the operation walk's inline
    shortcut still reports it where it is named."""
    parameter = {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    document = _openapi({"/a": {"get": {"parameters": [parameter], "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": schema}}}}}}}, {"Thing": schema})
    document["components"]["parameters"] = {"Limit": parameter}
    operation = Spec.from_loaded(LoadedSpec(document, "spec.json", {}, {})).operations[0]
    assert [(p.pointer, p.schema.pointer if p.schema else None) for p in operation.parameters] == [
        ("/components/parameters/Limit", "/components/parameters/Limit/schema")]
    media = operation.responses[0].content[0]
    assert (media.pointer, media.schema.pointer, media.schema.name) == (
        "/paths/~1a/get/responses/200/content/application~1json", "/components/schemas/Thing", "Thing")


def test_the_inventory_passes_over_leaf_roots_and_still_records_every_property_in_walk_order(tmp_path):
    import json

    from dxscan.checks.inventory import inventory
    from dxscan.load.loader import load
    from dxscan.scan.pipeline import as_openapi

    leaf = {"type": "string"}
    document = _openapi({"/a": {"get": {
        "parameters": [{"name": "q", "in": "query", "schema": {"$ref": "#/components/schemas/Leaf"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"leaf": {"$ref": "#/components/schemas/Leaf"},
                                             "kind": {"type": "string", "enum": ["a_b", "c_d"]}}}}}}}}}},
        {"Leaf": leaf, "Pet": {"type": "object", "properties": {"name": {"description": "  "}, "tag": leaf}}})
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document))
    found = inventory(as_openapi(load(str(path))))
    assert [(p.owner, p.name, p.description, p.type) for p in found.properties] == [
        ("/paths/~1a/get/responses/200/content/application~1json/schema", "leaf", None, "string"),
        ("/paths/~1a/get/responses/200/content/application~1json/schema", "kind", None, "string"),
        ("/components/schemas/Pet", "name", None, None),
        ("/components/schemas/Pet", "tag", None, "string"),
    ]
    assert [(e.pointer, e.values) for e in found.enums] == [
        ("/paths/~1a/get/responses/200/content/application~1json/schema/properties/kind", ("a_b", "c_d"))]


def test_an_enum_object_written_at_two_places_is_listed_once_where_the_walk_first_takes_it_up():
    """One enum object under two properties (a YAML anchor, a file inlined twice) is one enum: the
    walk queues each place and lists the object where it takes it up first, the place queued last
    (`b`); a `$ref`'d enum is listed at its component however it is reached. A walk that lists an
    enum while it reads the properties, without queueing it, must still give these."""
    from dxscan.checks.inventory import EnumSchema, inventory

    shared = {"type": "string", "enum": ["one_two", "three_four"]}
    named = {"type": "string", "enum": ["five_six"]}
    ref = {"$ref": "#/components/schemas/Named"}
    schema = {"type": "object", "properties": {"a": shared, "b": shared, "c": ref, "d": ref}}
    document = _openapi({"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": schema}}}}}}}, {"Named": named})
    found = inventory(Spec.from_loaded(LoadedSpec(document, "spec.json", {}, {})))
    assert found.enums == (
        EnumSchema("/components/schemas/Named", ("five_six",)),
        EnumSchema("/paths/~1a/get/responses/200/content/application~1json/schema/properties/b", ("one_two", "three_four")),
    )
    assert [p.name for p in found.properties] == ["a", "b", "c", "d"]
