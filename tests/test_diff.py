"""The structural diff: one fixture pair per change kind (fixtures/diff/<case>/), each asserting the
exact changes it reports (id, kind, severity, pointer, side); reformatted and split pairs report
nothing; a shared schema's change is reported once with every operation it reaches."""

from __future__ import annotations

from datetime import date

import pytest

from dxscan.diff import CHANGE_KINDS, Gate, diff, structural_changes
from dxscan.load.loader import load
from dxscan.model import Spec
from tests.conftest import FIXTURES

PAIRS = FIXTURES / "diff"
TODAY = date(2025, 6, 1)

# case -> the changes it must report, exactly: (id, kind, severity, pointer, side)
EXPECTED = {
    # breaking
    "path-removed": [("path-removed", "breaking", "error", "/paths/~1pets~1{id}", "base")],
    "operation-removed": [("operation-removed", "breaking", "error", "/paths/~1pets/post", "base")],
    "operation-removed-before-sunset": [("operation-removed", "breaking", "error", "/paths/~1pets/post", "base")],
    "operation-removed-deprecated-no-sunset": [("operation-removed", "breaking", "warning", "/paths/~1pets/post", "base")],
    "operation-removed-after-sunset": [("operation-removed", "info", "info", "/paths/~1pets/post", "base")],
    "request-parameter-added-required": [
        ("request-parameter-added-required", "breaking", "error", "/paths/~1pets/get/parameters/1", "head")],
    "request-header-added-required": [
        ("request-parameter-added-required", "breaking", "error", "/paths/~1pets/get/parameters/1", "head")],
    "request-parameter-became-required": [
        ("request-parameter-became-required", "breaking", "error", "/paths/~1pets/get/parameters/0/required", "head")],
    "request-property-added-required": [
        ("request-property-added-required", "breaking", "error", "/components/schemas/NewPet/properties/species", "head")],
    "request-property-became-required": [
        ("request-property-became-required", "breaking", "error", "/components/schemas/NewPet/properties/birthday", "head")],
    "request-enum-value-removed": [
        ("request-enum-value-removed", "breaking", "error", "/paths/~1pets/get/parameters/0/schema", "head")],
    "request-type-narrowed": [("request-type-narrowed", "breaking", "error", "/paths/~1pets/get/parameters/0/schema", "head")],
    "request-format-narrowed": [
        ("request-format-narrowed", "breaking", "error", "/components/schemas/NewPet/properties/birthday", "head")],
    "request-constraint-tightened": [
        ("request-constraint-tightened", "breaking", "error", "/components/schemas/NewPet/properties/name", "head")],
    "request-pattern-added": [  # a limit documented where there was none: oasdiff's *-set checks warn too
        ("request-constraint-added", "breaking", "warning", "/components/schemas/NewPet/properties/name", "head")],
    "request-media-type-removed": [
        ("request-media-type-removed", "breaking", "error",
         "/paths/~1pets/post/requestBody/content/application~1x-www-form-urlencoded", "base")],
    "response-property-removed": [
        ("response-property-removed", "breaking", "warning", "/components/schemas/Pet/properties/tag", "base")],
    "response-property-became-optional": [
        ("response-property-became-optional", "breaking", "error", "/components/schemas/Pet/properties/name", "head")],
    "response-property-became-nullable": [
        ("response-property-became-nullable", "breaking", "error", "/components/schemas/Pet/properties/name", "head")],
    "response-type-changed": [("response-type-changed", "breaking", "error", "/components/schemas/Pet/properties/id", "head")],
    "response-type-widened": [("response-type-changed", "breaking", "error", "/components/schemas/Pet/properties/age", "head")],
    "response-enum-value-added": [
        ("response-enum-value-added", "breaking", "warning", "/components/schemas/Pet/properties/status", "head")],
    "response-success-status-removed": [
        ("response-success-status-removed", "breaking", "error", "/paths/~1pets/post/responses/200", "base")],
    "response-media-type-removed": [
        ("response-media-type-removed", "breaking", "error", "/paths/~1pets/get/responses/200/content/application~1xml", "base")],
    "response-required-header-removed": [
        ("response-required-header-removed", "breaking", "error", "/paths/~1pets/get/responses/200/headers/X-Next-Page", "base")],
    "security-added": [("security-added", "breaking", "error", "/paths/~1pets/get/security", "head")],
    "stability-decreased": [("stability-decreased", "breaking", "error", "/paths/~1pets/get/x-stability-level", "head")],
    "stability-alpha-breaking-allowed": [
        ("request-parameter-added-required", "info", "info", "/paths/~1pets/get/parameters/1", "head")],
    # regressions
    "description-removed": [("description-removed", "regression", "warning", "/paths/~1pets/get/description", "base")],
    "summary-removed": [("summary-removed", "regression", "warning", "/paths/~1pets/get/summary", "base")],
    "example-removed": [
        ("example-removed", "regression", "warning", "/paths/~1pets/get/responses/200/content/application~1json", "base")],
    "operation-id-renamed": [("operation-id-renamed", "regression", "warning", "/paths/~1pets/get/operationId", "head")],
    "path-parameter-renamed": [("path-parameter-renamed", "regression", "warning", "/paths/~1pets~1{petId}", "head")],
    "deprecated-without-sunset": [("deprecated-without-sunset", "regression", "warning", "/paths/~1pets/get/deprecated", "head")],
    "deprecated-with-sunset": [("operation-deprecated", "info", "info", "/paths/~1pets/get/deprecated", "head")],
    "error-response-removed": [
        ("error-response-removed", "regression", "warning", "/paths/~1pets~1{id}/get/responses/404", "base")],
    "tag-removed": [("tag-removed", "regression", "warning", "/tags/1", "base")],
    # issue 12: order carries no meaning (oneOf/anyOf members, parameters, enums, required, tags)
    "reordered": [],
    "request-one-of-member-removed": [
        ("request-type-narrowed", "breaking", "error", "/paths/~1pets/post/requestBody/content/application~1json/schema", "head")],
    "response-one-of-member-added": [
        ("response-type-changed", "breaking", "error",
         "/paths/~1pets/get/responses/200/content/application~1json/schema/items", "head")],
    # issue 12: a pattern's direction
    "request-pattern-relaxed": [
        ("request-constraint-relaxed", "info", "info", "/components/schemas/NewPet/properties/name", "head")],
    "request-pattern-tightened": [
        ("request-constraint-tightened", "breaking", "error", "/components/schemas/NewPet/properties/name", "head")],
    "request-pattern-changed": [
        ("request-pattern-changed", "breaking", "warning", "/components/schemas/NewPet/properties/name", "head")],
    # issue 12, from the Stripe history: one value and a one-item array on the wire; X -> anyOf [X, Y]; object -> array
    "form-value-as-array": [],
    "json-value-as-array": [
        ("request-type-narrowed", "breaking", "error", "/paths/~1charges/post/requestBody/content/application~1json/schema/properties/expand", "head"),
    ],
    "response-member-added-to-plain-schema": [
        ("response-type-changed", "breaking", "error", "/components/schemas/Charge/properties/source", "head"),
    ],
    "response-object-became-array": [
        ("response-type-changed", "breaking", "error", "/components/schemas/Charge/properties/items", "head"),
    ],
    "type-made-explicit": [],  # {properties: ...} -> {type: object, properties: ...}
    "limit-within-enum": [],  # maxLength/pattern added that every enum value meets
    "custom-format-added": [],
    "response-bound-replaced-by-enum": [
        ("response-enum-value-removed", "info", "info", "/components/schemas/Charge/properties/source", "head"),
    ],
    "free-form-member-made-precise": [
        ("request-property-added", "info", "info", "/paths/~1charges/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/account/anyOf/0/properties/country", "head"),
    ],
    # issue 12: removals a reviewer accepts (the gate test below)
    "unused-scope-removed": [],
    "unused-schema-removed": [],
    # issue 12: false alarms, misses and severities
    "security-documented": [
        ("security-documented", "breaking", "warning", "/paths/~1pets/get/security", "head"),
    ],
    "path-parameter-min-length": [],
    "media-type-charset-added": [],
    "example-moved-to-media-type": [],
    "response-header-became-optional": [
        ("response-header-became-optional", "breaking", "error", "/paths/~1pets/get/responses/200/headers/X-Next-Page", "head"),
    ],
    "request-default-changed": [
        ("request-default-changed", "breaking", "warning", "/paths/~1pets/get/parameters/0/schema", "head"),
    ],
    "operation-removed-invalid-sunset": [
        ("operation-removed", "breaking", "warning", "/paths/~1pets~1{id}/delete", "base"),
    ],
    "operation-removed-before-http-date-sunset": [
        ("operation-removed", "breaking", "error", "/paths/~1pets~1{id}/delete", "base"),
    ],
    "sunset-moved-earlier": [
        ("sunset-moved-earlier", "breaking", "error", "/paths/~1pets~1{id}/delete", "head"),
    ],
    "sunset-removed": [
        ("sunset-removed", "breaking", "error", "/paths/~1pets~1{id}/delete", "head"),
    ],
    "request-parameter-removed-before-sunset": [
        ("request-parameter-removed-before-sunset", "breaking", "error", "/paths/~1pets/get/parameters/2", "base"),
    ],
    "request-required-body-removed": [
        ("request-body-removed", "breaking", "error", "/paths/~1pets/post/requestBody", "base"),
    ],
    "request-required-parameter-removed": [
        ("request-parameter-removed", "breaking", "warning", "/paths/~1pets/get/parameters/1", "base"),
    ],
    "request-required-property-removed": [
        ("request-property-removed", "breaking", "warning", "/components/schemas/NewPet/properties/species", "base"),
    ],
    "response-max-length-increased": [
        ("response-bound-widened", "breaking", "error", "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/properties/name", "head"),
    ],
    "response-max-length-removed": [
        ("response-bound-widened", "breaking", "error", "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/properties/name", "head"),
    ],
    "deprecated-invalid-sunset": [
        ("deprecated-without-sunset", "regression", "warning", "/paths/~1pets~1{id}/delete/deprecated", "head"),
    ],
}


def changes_between(base_path, head_path) -> list:
    base, head = Spec.from_loaded(load(str(base_path))), Spec.from_loaded(load(str(head_path)))
    return structural_changes(base, head, TODAY)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_change_kind_is_reported_exactly(case):
    found = changes_between(PAIRS / case / "base.yaml", PAIRS / case / "head.yaml")
    assert sorted((c.id, c.kind, c.severity, c.pointer, c.side) for c in found) == sorted(EXPECTED[case])


def test_every_fixture_pair_is_in_the_table():
    pairs = {p.name for p in PAIRS.iterdir() if (p / "base.yaml").exists() and (p / "head.yaml").exists()}
    assert pairs - {"reformatted", "split"} == set(EXPECTED)


def test_a_change_names_its_operation_and_source_line():
    [change] = changes_between(PAIRS / "response-property-removed" / "base.yaml", PAIRS / "response-property-removed" / "head.yaml")
    assert change.operation == "GET /pets/{id}"
    assert (change.location.file, change.location.line) == (str(PAIRS / "response-property-removed" / "base.yaml"), 24)
    assert change.message == "response property 'Pet.tag' was removed: clients reading it get nothing"


def test_making_a_property_nullable_is_one_change_in_every_spelling(write):
    spellings = {
        "3.0 nullable": ("3.0.3", "{type: string}", "{type: string, nullable: true}"),
        "3.1 type list": ("3.1.0", "{type: string}", "{type: [string, 'null']}"),
        "3.1 anyOf null": ("3.1.0", "{$ref: '#/components/schemas/Name'}", "{anyOf: [{$ref: '#/components/schemas/Name'}, {type: 'null'}]}"),
    }
    for label, (version, before, after) in spellings.items():
        base = write(_one_property(version, before), "base.yaml")
        head = write(_one_property(version, after), "head.yaml")
        found = [(c.id, c.pointer) for c in changes_between(base, head)]
        assert found == [("response-property-became-nullable", "/components/schemas/Pet/properties/name")], label


def _one_property(version: str, schema: str) -> str:
    return f"""openapi: {version}
info: {{title: t, version: '1'}}
paths:
  /pet:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Pet'}}
components:
  schemas:
    Name: {{type: string}}
    Pet:
      type: object
      required: [name]
      properties:
        name: {schema}
"""


def test_a_shared_schema_changes_once_and_lists_every_operation_it_reaches(write):
    text = (PAIRS / "reformatted" / "base.yaml").read_text()
    head = write(text.replace("        tag: {type: string, nullable: true}\n", ""), "head.yaml")
    found = changes_between(PAIRS / "reformatted" / "base.yaml", head)
    assert sorted((c.id, c.pointer, c.operations) for c in found) == [
        ("request-property-removed", "/components/schemas/NewPet/properties/tag", ("POST /pets",)),
        ("response-property-removed", "/components/schemas/NewPet/properties/tag",
         ("GET /pets", "GET /pets/{petId}", "POST /pets")),
    ]


def test_a_required_read_only_property_is_not_asked_of_requests(write):
    text = (PAIRS / "reformatted" / "base.yaml").read_text()
    head = write(text.replace("      required: [name]\n", "      required: [name, created]\n").replace(
        "        tag: {type: string, nullable: true}\n",
        "        tag: {type: string, nullable: true}\n        created: {type: string, readOnly: true}\n"), "head.yaml")
    found = changes_between(PAIRS / "reformatted" / "base.yaml", head)
    assert [(c.id, c.pointer) for c in found] == [("response-property-added", "/components/schemas/NewPet/properties/created")]


@pytest.mark.parametrize("head", ["reformatted/head.json", "split/head/openapi.yaml"])
def test_reformatted_or_split_documents_report_nothing_at_all(head):
    result = diff(str(PAIRS / "reformatted" / "base.yaml"), str(PAIRS / head))
    assert result.changes == ()
    assert all(score.delta == 0 for score in result.scores)
    assert result.verdict.passed
    reverse = diff(str(PAIRS / head), str(PAIRS / "reformatted" / "base.yaml"))
    assert reverse.changes == ()


def test_identical_documents_report_nothing():
    result = diff(str(FIXTURES / "bookshop.yaml"), str(FIXTURES / "bookshop.yaml"))
    assert (result.changes, result.verdict.passed, result.verdict.reasons) == ((), True, ())


def test_sunset_is_judged_against_today():
    base, head = (PAIRS / "operation-removed-before-sunset" / f"{side}.yaml" for side in ("base", "head"))
    spec_base, spec_head = Spec.from_loaded(load(str(base))), Spec.from_loaded(load(str(head)))
    [after] = structural_changes(spec_base, spec_head, date(3000, 1, 1))
    assert (after.id, after.kind) == ("operation-removed", "info")


def test_gate_levels():
    change = _change("response-enum-value-added", "breaking", "warning")
    regression = _change("description-removed", "regression", "warning")
    finding = _change("new-finding", "regression", "warning")
    error = _change("request-type-narrowed", "breaking", "error")
    assert [Gate("breaking").fails(c) for c in (change, regression, finding, error)] == [False, False, False, True]
    assert [Gate("warning").fails(c) for c in (change, regression, finding, error)] == [True, False, True, True]
    assert [Gate("regression").fails(c) for c in (change, regression, finding, error)] == [True, True, True, True]
    assert [Gate("none").fails(c) for c in (change, regression, finding, error)] == [False] * 4


def _change(change_id: str, kind: str, severity: str):
    from dxscan.diff import Change

    return Change(change_id, kind, severity, "m", "/p", "head", None)


def test_every_change_kind_has_help():
    for kind in CHANGE_KINDS.values():
        assert kind.kind in ("breaking", "regression", "improvement", "info")
        assert kind.title and kind.help.endswith(".")


def test_putting_back_a_split_specs_references_leaves_the_loaded_document_as_it_was():
    import json

    from dxscan.diff.documents import internalised

    loaded = load(str(PAIRS / "split" / "head" / "openapi.yaml"))
    before = json.dumps(loaded.document, sort_keys=True, default=str)
    origins = dict(loaded.origins)
    single = internalised(loaded)
    assert json.dumps(loaded.document, sort_keys=True, default=str) == before
    assert loaded.origins == origins
    assert single.document != loaded.document
    assert single.document == load(str(PAIRS / "reformatted" / "base.yaml")).document


def test_comparing_twice_gives_the_same_changes():
    base, head = (PAIRS / "response-property-removed" / f"{side}.yaml" for side in ("base", "head"))
    spec_base, spec_head = Spec.from_loaded(load(str(base))), Spec.from_loaded(load(str(head)))
    first = structural_changes(spec_base, spec_head, TODAY)
    assert structural_changes(spec_base, spec_head, TODAY) == first


@pytest.mark.parametrize("case", ["operation-removed-after-sunset", "unused-schema-removed", "unused-scope-removed"])
def test_a_score_drop_from_sanctioned_removals_alone_does_not_fail(case):
    """Removing an operation past its sunset (versioning 50 -> 25) or an unused, well-documented
    schema (documentation 82 -> 77): the drop is reported, as info, and the gate passes."""
    result = diff(str(PAIRS / case / "base.yaml"), str(PAIRS / case / "head.yaml"), today=TODAY)
    assert (result.verdict.passed, result.verdict.reasons) == (True, ())
    assert [c.id for c in result.changes if c.id == "new-finding"] == []
    drops = [c for c in result.changes if c.id == "score-dropped"]
    assert all(c.severity == "info" for c in drops)


def test_the_same_drop_with_another_breaking_change_still_fails():
    result = diff(str(PAIRS / "operation-removed-before-sunset" / "base.yaml"),
                  str(PAIRS / "operation-removed-before-sunset" / "head.yaml"), today=TODAY)
    assert result.verdict.passed is False
    assert result.verdict.reasons[0] == "1 breaking change"
