"""dxscan.validate: openapi-spec-validator's verdict, with pointed problems."""

from __future__ import annotations

import copy
import time
import warnings
from collections.abc import Callable
from typing import Any

import openapi_spec_validator
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxscan.load.validate import MAX_PROBLEMS, WRITTEN_FOR, Problem, Verdict, validate

# --------------------------------------------------------------------------
# small documents


def pets30() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1.0"},
        "tags": [{"name": "pets"}],
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "default": 20}}],
                    "responses": {
                        "200": {
                            "description": "pets",
                            "content": {
                                "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}
                            },
                        }
                    },
                }
            },
            "/pets/{petId}": {
                "parameters": [{"$ref": "#/components/parameters/PetId"}],
                "get": {"operationId": "getPet", "responses": {"200": {"$ref": "#/components/responses/Pet"}}},
            },
        },
        "components": {
            "parameters": {"PetId": {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}},
            "responses": {
                "Pet": {"description": "a pet", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}
            },
            "schemas": {
                "Pet": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "age": {"type": "integer", "default": 1},
                        "parent": {"$ref": "#/components/schemas/Pet"},
                    },
                }
            },
        },
    }


def pets31() -> dict[str, Any]:
    doc = pets30()
    doc["openapi"] = "3.1.0"
    doc["components"]["schemas"]["Pet"]["properties"]["nickname"] = {"type": ["string", "null"]}
    doc["webhooks"] = {"newPet": {"post": {"responses": {"200": {"description": "ok"}}}}}
    return doc


def pets20() -> dict[str, Any]:
    return {
        "swagger": "2.0",
        "info": {"title": "Pets", "version": "1.0"},
        "paths": {
            "/pets/{petId}": {
                "get": {
                    "operationId": "getPet",
                    "parameters": [
                        {"name": "petId", "in": "path", "required": True, "type": "string"},
                        {"name": "limit", "in": "query", "type": "integer", "default": 20},
                    ],
                    "responses": {"200": {"description": "a pet", "schema": {"$ref": "#/definitions/Pet"}}},
                }
            }
        },
        "definitions": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}},
    }


def pets32() -> dict[str, Any]:
    doc = pets31()
    doc["openapi"] = "3.2.0"
    doc["tags"] = [{"name": "animals"}, {"name": "pets", "parent": "animals"}]
    return doc


def problems(verdict: Verdict, check: str) -> list[Problem]:
    return [p for p in verdict.problems if p.check == check]


def osv_is_valid(document: Any) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            openapi_spec_validator.validate(document)
        except Exception:  # noqa: BLE001 - any exception is OSV's "invalid"
            return False
    return True


# --------------------------------------------------------------------------
# valid documents


@pytest.mark.parametrize(
    ("build", "version"), [(pets20, "2.0"), (pets30, "3.0"), (pets31, "3.1"), (pets32, "3.2")], ids=["2.0", "3.0", "3.1", "3.2"]
)
def test_valid_documents_pass(build: Callable[[], dict[str, Any]], version: str) -> None:
    verdict = validate(build())
    assert verdict == Verdict(version, True, ())


def test_verdict_and_problem_are_immutable() -> None:
    verdict = validate({"openapi": "3.0.3"})
    with pytest.raises(AttributeError):
        verdict.valid = True  # type: ignore[misc]
    with pytest.raises(AttributeError):
        verdict.problems[0].message = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------
# not a spec


@pytest.mark.parametrize(
    ("document", "pointer"),
    [
        ([], ""),
        (None, ""),
        ("openapi: 3.0.0", ""),
        ({}, ""),
        ({"info": {"title": "x"}}, ""),
        ({"openapi": 3.0}, "/openapi"),
        ({"openapi": "4.0.0"}, "/openapi"),
        ({"swagger": "1.2"}, "/swagger"),
        ({"swagger": 2.0, "openapi": "3.0.0"}, "/swagger"),
    ],
)
def test_not_an_openapi_document(document: Any, pointer: str) -> None:
    verdict = validate(document)
    assert verdict.spec_version is None
    assert verdict.valid is False
    assert [(p.pointer, p.check) for p in verdict.problems] == [(pointer, "not-openapi")]


def test_version_is_picked_like_osv() -> None:
    doc = pets30()
    doc["openapi"] = "3.0"  # OSV picks 3.0 (its schema then rejects the missing patch number)
    assert validate(doc).spec_version == "3.0"
    doc["swagger"] = "1.2"  # an unknown swagger version does not hide a known openapi one
    assert validate(doc).spec_version == "3.0"


def test_non_json_values_are_named() -> None:
    doc = pets30()
    doc["paths"]["/pets"]["get"]["responses"][200] = {"description": "int key from yaml"}
    verdict = validate(doc)
    assert verdict.valid is False
    assert problems(verdict, "not-json")[0].pointer == "/paths/~1pets/get/responses"


# --------------------------------------------------------------------------
# structural check (OSV's JSON Schema)


def test_structural_problem_explains_the_failing_branch() -> None:
    doc = pets30()
    doc["paths"]["/pets"]["get"]["parameters"][0]["in"] = "qury"
    verdict = validate(doc)
    assert verdict.valid is False
    (problem,) = [p for p in problems(verdict, "schema") if p.pointer.endswith("/in")]
    assert problem.pointer == "/paths/~1pets/get/parameters/0/in"
    assert problem.message.startswith("'qury' is not one of")
    assert "'query'" in problem.message and "'path'" in problem.message


def test_structural_problem_inside_a_reference_or_object_slot() -> None:
    doc = pets30()
    del doc["components"]["responses"]["Pet"]["description"]
    verdict = validate(doc)
    assert Problem("/components/responses/Pet", "missing required property 'description'", "schema") in verdict.problems


def test_problems_are_capped() -> None:
    doc = pets30()
    for index in range(MAX_PROBLEMS + 50):
        doc["paths"][f"/p{index}"] = {"get": {"operationId": "same", "responses": {"200": {"description": "ok"}}}}
    verdict = validate(doc)
    assert verdict.valid is False
    assert len(verdict.problems) == MAX_PROBLEMS + 1
    assert verdict.problems[-1].check == "suppressed"
    assert verdict.problems[-1].message == "49 more problems suppressed"  # 249 duplicates, 200 kept


# --------------------------------------------------------------------------
# semantic checks (what OSV does beyond its JSON Schema)


def test_duplicate_operation_id() -> None:
    doc = pets30()
    doc["paths"]["/pets/{petId}"]["get"]["operationId"] = "listPets"
    verdict = validate(doc)
    assert verdict.valid is False
    (problem,) = problems(verdict, "duplicate-operation-id")
    assert problem.pointer == "/paths/~1pets~1{petId}/get/operationId"
    assert "'listPets'" in problem.message and "/paths/~1pets/get" in problem.message


def test_path_parameter_without_definition() -> None:
    doc = pets30()
    del doc["paths"]["/pets/{petId}"]["parameters"]
    verdict = validate(doc)
    assert [(p.pointer, p.check) for p in verdict.problems] == [("/paths/~1pets~1{petId}/get", "path-parameter-undefined")]
    assert "'petId'" in verdict.problems[0].message


def test_path_parameter_not_in_template() -> None:
    doc = pets30()
    doc["paths"]["/pets"]["get"]["parameters"].append({"name": "petId", "in": "path", "required": True, "schema": {}})
    verdict = validate(doc)
    assert [(p.pointer, p.check) for p in verdict.problems] == [
        ("/paths/~1pets/get/parameters/1", "path-parameter-not-in-template")
    ]


def test_path_level_parameter_not_in_template_is_reported_once() -> None:
    doc = pets30()
    doc["paths"]["/pets"]["parameters"] = [{"name": "petId", "in": "path", "required": True, "schema": {}}]
    doc["paths"]["/pets"]["post"] = {"responses": {"201": {"description": "created"}}}
    verdict = validate(doc)
    assert [(p.pointer, p.check) for p in verdict.problems] == [("/paths/~1pets/parameters/0", "path-parameter-not-in-template")]


def test_malformed_path_template() -> None:
    doc = pets30()
    doc["paths"]["/pets}"] = doc["paths"].pop("/pets")
    verdict = validate(doc)
    assert [(p.pointer, p.check) for p in verdict.problems] == [("/paths/~1pets}/get", "path-template-invalid")]


def test_duplicate_parameter() -> None:
    doc = pets30()
    params = doc["paths"]["/pets"]["get"]["parameters"]
    params.append(copy.deepcopy(params[0]))
    verdict = validate(doc)
    assert [(p.pointer, p.check) for p in verdict.problems] == [
        ("/paths/~1pets/get/parameters", "schema"),  # OSV's 3.0 schema has uniqueItems too
        ("/paths/~1pets/get/parameters/1", "duplicate-parameter"),
    ]


def test_default_that_does_not_match_its_schema() -> None:
    doc = pets30()
    doc["components"]["schemas"]["Pet"]["properties"]["age"]["default"] = "old"
    verdict = validate(doc)
    assert [(p.pointer, p.check) for p in verdict.problems] == [
        ("/components/schemas/Pet/properties/age/default", "default-invalid")
    ]
    assert "'old' is not of type 'integer'" in verdict.problems[0].message


def test_default_null_is_fine_when_nullable() -> None:
    doc = pets30()
    doc["components"]["schemas"]["Pet"]["properties"]["age"].update(default=None, nullable=True)
    assert validate(doc).valid is True


def test_default_format_is_checked_like_osv() -> None:
    doc = pets30()
    doc["components"]["schemas"]["Pet"]["properties"]["born"] = {"type": "string", "format": "date", "default": ""}
    verdict = validate(doc)
    assert [(p.pointer, p.check) for p in verdict.problems] == [
        ("/components/schemas/Pet/properties/born/default", "default-invalid")
    ]


def test_swagger_parameter_default_is_checked_against_the_parameter() -> None:
    doc = pets20()
    doc["paths"]["/pets/{petId}"]["get"]["parameters"][1]["default"] = "twenty"
    verdict = validate(doc)
    assert [(p.pointer, p.check) for p in verdict.problems] == [
        ("/paths/~1pets~1{petId}/get/parameters/1/default", "default-invalid")
    ]


def test_required_property_not_defined_with_all_of() -> None:
    doc = pets30()
    doc["components"]["schemas"]["Dog"] = {
        "allOf": [{"$ref": "#/components/schemas/Pet"}],
        "properties": {"barks": {"type": "boolean"}},
        "required": ["barks", "name", "tail"],
    }
    verdict = validate(doc)
    assert [(p.pointer, p.check) for p in verdict.problems] == [
        ("/components/schemas/Dog/required", "required-property-undefined")
    ]
    assert "'tail'" in verdict.problems[0].message and "'name'" not in verdict.problems[0].message


def test_invalid_json_schema_is_reported_where_it_is() -> None:
    doc = pets30()  # a valid ECMA regex (OSV's document schema passes it) that Python's re rejects
    doc["components"]["schemas"]["Pet"]["properties"]["name"]["pattern"] = "\\p{L}+"
    verdict = validate(doc)
    assert [(p.pointer, p.check) for p in verdict.problems] == [
        ("/components/schemas/Pet/properties/name/pattern", "schema-meta")
    ]


def test_the_3_0_metaschema_compiled_from_its_file_is_osvs() -> None:
    """validate._oas30_meta_validator reads draft 4's metaschema file and checks "regex" itself,
    to avoid importing openapi-schema-validator; both shortcuts hold only while these do."""
    import json
    import re

    from openapi_schema_validator import OAS30Validator

    from dxscan.load.validate import _package_file

    metaschema = json.loads(_package_file("jsonschema_specifications", "schemas", "draft4", "metaschema.json").read_text("utf-8"))
    assert metaschema == OAS30Validator.META_SCHEMA
    assert set(re.findall(r'"format": "([^"]+)"', json.dumps(metaschema))) == {"regex"}


def test_schema_that_is_not_an_object() -> None:
    doc = pets30()
    doc["components"]["schemas"]["Pet"]["properties"]["name"] = "string"
    verdict = validate(doc)
    assert ("/components/schemas/Pet/properties/name", "schema-type") in [(p.pointer, p.check) for p in verdict.problems]


def test_unresolvable_internal_ref() -> None:
    doc = pets30()
    doc["paths"]["/pets/{petId}"]["get"]["responses"]["200"]["$ref"] = "#/components/responses/Missing"
    verdict = validate(doc)
    assert [(p.pointer, p.check) for p in verdict.problems] == [
        ("/paths/~1pets~1{petId}/get/responses/200/$ref", "unresolvable-ref")
    ]


def test_unresolvable_ref_where_osv_does_not_look_is_fine() -> None:
    doc = pets30()  # OSV never follows requestBody, so neither may we
    doc["paths"]["/pets"]["post"] = {
        "requestBody": {"$ref": "#/components/requestBodies/Missing"},
        "responses": {"201": {"description": "created"}},
    }
    assert validate(doc).valid is True


def test_external_ref_uses_resolve_ref() -> None:
    doc = pets30()
    doc["components"]["schemas"]["Pet"]["properties"]["owner"] = {"$ref": "people.yaml#/Person"}
    unresolved = validate(doc)
    assert [(p.pointer, p.check) for p in unresolved.problems] == [
        ("/components/schemas/Pet/properties/owner/$ref", "unresolvable-ref")
    ]
    person = {"type": "object", "properties": {"age": {"type": "integer", "default": "x"}}}
    resolved = validate(doc, {"people.yaml#/Person": person}.get)
    assert [p.check for p in resolved.problems] == ["default-invalid"]


def test_failing_resolve_ref_is_a_problem_not_an_exception() -> None:
    doc = pets30()
    doc["components"]["schemas"]["Pet"]["properties"]["owner"] = {"$ref": "people.yaml#/Person"}

    def explode(ref: str) -> Any:
        raise OSError(ref)

    assert [p.check for p in validate(doc, explode).problems] == ["unresolvable-ref"]


def test_duplicate_tag() -> None:
    doc = pets30()
    doc["tags"].append({"name": "pets", "description": "again"})
    verdict = validate(doc)
    assert [(p.pointer, p.check) for p in verdict.problems] == [("/tags/1/name", "duplicate-tag")]


def test_tag_parents_in_3_2() -> None:
    doc = pets32()
    doc["tags"] += [{"name": "cats", "parent": "felines"}, {"name": "a", "parent": "b"}, {"name": "b", "parent": "a"}]
    verdict = validate(doc)
    assert ("/tags/2/parent", "tag-parent-unknown") in [(p.pointer, p.check) for p in verdict.problems]
    assert "a -> b -> a" in [p.message.split(": ")[-1] for p in problems(verdict, "tag-parent-cycle")]


def test_unknown_json_schema_dialect_in_3_1() -> None:
    doc = pets31()
    doc["jsonSchemaDialect"] = "https://example.com/my-dialect"
    verdict = validate(doc)
    assert {p.check for p in verdict.problems} == {"unknown-schema-dialect"}
    assert "/components/schemas/Pet" in [p.pointer for p in verdict.problems]


# --------------------------------------------------------------------------
# recursion


def test_recursive_schemas_do_not_hang() -> None:
    doc = pets30()
    schemas = doc["components"]["schemas"]
    schemas["Node"] = {
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}},
    }
    schemas["A"] = {"oneOf": [{"$ref": "#/components/schemas/B"}, {"type": "string"}]}
    schemas["B"] = {"type": "array", "items": {"$ref": "#/components/schemas/A"}}
    start = time.perf_counter()
    assert validate(doc).valid is True
    assert time.perf_counter() - start < 1.0


def test_ref_cycle_that_never_reaches_a_value() -> None:
    doc = pets30()
    schemas = doc["components"]["schemas"]
    schemas["A"] = {"$ref": "#/components/schemas/B"}
    schemas["B"] = {"$ref": "#/components/schemas/A"}
    assert "unresolvable-ref" in {p.check for p in validate(doc).problems}


def test_all_of_cycle_that_osv_recurses_into_forever() -> None:
    doc = pets30()
    schemas = doc["components"]["schemas"]
    schemas["Json"] = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/components/schemas/Json"}}]}
    schemas["Doc"] = {"allOf": [{"$ref": "#/components/schemas/Json"}]}
    verdict = validate(doc)
    assert [(p.pointer, p.check) for p in verdict.problems] == [("/components/schemas/Json", "recursive-schema")]


def test_external_cycle_with_fresh_objects_terminates() -> None:
    doc = pets30()
    doc["components"]["schemas"]["Pet"]["properties"]["friend"] = {"$ref": "other.yaml#/Friend"}

    def fresh(ref: str) -> Any:  # a new object on every call, referring to itself
        return {"type": "object", "properties": {"next": {"$ref": ref}}}

    assert validate(doc, fresh).valid is True


def _self_containing(keyword: str) -> dict[str, Any]:
    """What YAML's ``Node: &n {type: object, <keyword>: {child: *n}}`` loads as: an object cycle."""
    doc = pets30()
    node: dict[str, Any] = {"type": "object"}
    node[keyword] = node if keyword == "additionalProperties" else {"child": node}
    doc["components"]["schemas"]["Node"] = node
    return doc


@pytest.mark.parametrize("keyword", ["properties", "additionalProperties"])
def test_schema_object_containing_itself(keyword: str) -> None:
    verdict = validate(_self_containing(keyword))  # OSV's Python schema check recurses forever
    assert [(p.pointer, p.check) for p in verdict.problems] == [("/components/schemas/Node", "recursive-schema")]


def test_shared_schema_objects_without_a_cycle_are_fine() -> None:
    doc = pets30()  # YAML anchors/aliases, or a loader that inlines one object in several places
    pet = doc["components"]["schemas"]["Pet"]
    doc["components"]["schemas"]["Owner"] = {"type": "object", "properties": {"pet": pet}}
    doc["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = pet
    assert validate(doc).valid is True


# --------------------------------------------------------------------------
# parity with openapi-spec-validator on small variants


def _mutated(build: Callable[[], dict[str, Any]], edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    doc = build()
    edit(doc)
    return doc


PARITY_CASES: dict[str, dict[str, Any]] = {
    "valid 3.0": pets30(),
    "valid 2.0": pets20(),
    "valid 3.1": pets31(),
    "valid 3.2": pets32(),
    "missing info": _mutated(pets30, lambda d: d.pop("info")),
    "broken ref in requestBody": _mutated(
        pets30,
        lambda d: d["paths"]["/pets"].update(
            post={"requestBody": {"$ref": "#/nope"}, "responses": {"200": {"description": "x"}}}
        ),
    ),
    "broken ref in response": _mutated(
        pets30, lambda d: d["paths"]["/pets/{petId}"]["get"]["responses"]["200"].update({"$ref": "#/nope"})
    ),
    "external ref": _mutated(pets30, lambda d: d["components"]["schemas"]["Pet"]["properties"].update(o={"$ref": "o.yaml#/O"})),
    "duplicate operationId": _mutated(pets30, lambda d: d["paths"]["/pets"]["get"].update(operationId="getPet")),
    "unused path parameter 2.0": _mutated(pets20, lambda d: d["paths"].update({"/pets": d["paths"].pop("/pets/{petId}")})),
    "bad default 3.1": _mutated(pets31, lambda d: d["components"]["schemas"]["Pet"]["properties"]["age"].update(default=1.5)),
    "nullable ignored in 3.1": _mutated(
        pets31, lambda d: d["components"]["schemas"]["Pet"]["properties"]["age"].update(default=None, nullable=True)
    ),
    "allOf required defined in member": _mutated(
        pets30,
        lambda d: d["components"]["schemas"].update(Dog={"allOf": [{"$ref": "#/components/schemas/Pet"}], "required": ["name"]}),
    ),
    "required list empty": _mutated(pets30, lambda d: d["components"]["schemas"]["Pet"].update(required=[])),
    "bad regex pattern": _mutated(
        pets30, lambda d: d["components"]["schemas"]["Pet"]["properties"]["name"].update(pattern="\\p{L}")
    ),
    "duplicate tag 3.1": _mutated(pets31, lambda d: d["tags"].append({"name": "pets"})),
    "unknown parent tag 3.2": _mutated(pets32, lambda d: d["tags"].append({"name": "x", "parent": "nope"})),
    "object cycle through additionalProperties": _self_containing("additionalProperties"),
}


@pytest.mark.parametrize("name", PARITY_CASES)
def test_verdict_matches_openapi_spec_validator(name: str) -> None:
    document = PARITY_CASES[name]
    assert validate(copy.deepcopy(document)).valid is osv_is_valid(copy.deepcopy(document))


# --------------------------------------------------------------------------
# never raises

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["$ref", "type", "name", "in", "allOf", "a"]), inner, max_size=3)
    ),
    max_leaves=8,
)
places = st.sampled_from(
    [
        ("paths", "/pets", "get", "parameters", 0),
        ("paths", "/pets", "get", "responses", "200"),
        ("paths", "/pets/{petId}"),
        ("components", "schemas", "Pet", "properties", "name"),
        ("components", "schemas", "Pet", "allOf"),
        ("components", "schemas", "Pet", "default"),
        ("tags", 0),
        ("paths",),
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values, place=places)
def test_never_raises_on_garbage(value: Any, place: tuple[Any, ...]) -> None:
    doc = pets30()
    parent = doc
    for key in place[:-1]:
        parent = parent[key]
    parent[place[-1]] = value
    verdict = validate(doc)
    assert isinstance(verdict, Verdict)
    assert verdict.valid is (not verdict.problems)
    assert all(p.check != "internal-error" for p in verdict.problems)


@pytest.mark.parametrize("package", sorted(WRITTEN_FOR))
def test_the_installed_validator_packages_are_those_the_shortcuts_were_written_for(package: str) -> None:
    from importlib.metadata import version

    installed = version(package)
    expected = WRITTEN_FOR[package]
    assert installed.split(".")[:2] == expected.split("."), (
        f"{package} {installed} is installed, but dxscan's validator (dxscan/load/validate.py) reads its files and "
        f"was checked for parity on {package} {expected}.x: run benchmarks/validator_parity.py, then update "
        f"WRITTEN_FOR and the bounds in pyproject.toml")


def _shared_objects_seen(doc: dict[str, Any]) -> bool:
    from dxscan.load.validate import _ProblemSink, _SemanticChecker

    checker = _SemanticChecker(doc, "3.0", None, _ProblemSink())
    checker.run()
    return checker._shared_objects


def test_a_component_reached_by_ref_then_from_components_is_one_place() -> None:
    doc = pets30()  # operations refer to Pet first; components/schemas/Pet is then met at the same place
    doc["components"]["schemas"]["a/b~c"] = {"type": "object", "properties": {"n": {"type": "string"}}}
    doc["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/a~1b~0c"}
    assert _shared_objects_seen(doc) is False
    shared = pets30()
    shared["components"]["schemas"]["Owner"] = {"type": "object", "properties": {"pet": shared["components"]["schemas"]["Pet"]}}
    assert _shared_objects_seen(shared) is True
