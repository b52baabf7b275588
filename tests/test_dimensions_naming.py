"""Naming: casing against the API's own majority per kind of name, and names for one concept."""

from __future__ import annotations

from textwrap import dedent

import pytest

from dxscan.checks.naming import casing, classifiable, compatible, tally
from dxscan.scan.pipeline import scan

HEAD = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\n"
OK = "{get: {responses: {'200': {description: Done.}}}}"


def report(write, body: str):
    return scan(str(write(HEAD + dedent(body))))


def found(write, body: str, rule: str) -> list[tuple[str, str]]:
    return [(f.pointer, f.message) for f in report(write, body).findings if f.rule == rule]


def naming(write, body: str):
    return next(d for d in report(write, body).scorecard.dimensions if d.name == "naming")


@pytest.mark.parametrize(("name", "fits", "convention"), [
    ("page_size", {"snake_case"}, "snake_case"),
    ("pageSize", {"camelCase"}, "camelCase"),
    ("page-size", {"kebab-case"}, "kebab-case"),
    ("PageSize", {"PascalCase"}, "PascalCase"),
    ("PAGE_SIZE", {"SCREAMING_SNAKE_CASE"}, "SCREAMING_SNAKE_CASE"),
    ("Content-Type", {"Train-Case"}, "Train-Case"),
    ("users", {"camelCase", "snake_case", "kebab-case"}, None),
    ("Users", {"PascalCase", "Train-Case"}, "PascalCase"),
    ("_links", {"camelCase", "snake_case", "kebab-case"}, None),
    ("user_Id", set(), None),
    ("IBAN", {"camelCase", "snake_case", "kebab-case", "PascalCase", "SCREAMING_SNAKE_CASE", "Train-Case"}, None),
])
def test_compatible_conventions(name, fits, convention):
    assert compatible(name) == fits
    assert casing(name) == convention


@pytest.mark.parametrize("name", ["+1", "odata.type", "First Name", "reactions--1", "trailing_", "123"])
def test_symbols_are_not_names(name):
    assert not classifiable(name)


def test_the_majority_is_counted_over_uses_of_names_that_show_a_casing():
    counts = tally(["page_size", "per_page", "page_size", "sortOrder", "id"])
    assert counts.as_measure() == {"convention": "snake_case", "following": 3, "total": 4, "share": 0.75}
    assert tally(["id", "name"]).as_measure() == {"convention": "single words", "following": 0, "total": 0, "share": 1.0}
    # one lower-case word fits every convention: it never counts, not even against PascalCase
    assert tally(["Users", "PhoneNumbers", "a2p"]).as_measure() == {"convention": "PascalCase", "following": 2, "total": 2, "share": 1.0}


def test_path_segments(write):
    body = f"paths:\n  /pet-owners: {OK}\n  /pet-toys: {OK}\n  /v1/vet_visits.json: {OK}\n"
    assert found(write, body, "path-segment-casing") == [
        ("/paths/~1v1~1vet_visits.json", ("path '/v1/vet_visits.json' has snake_case segment 'vet_visits'; "
                                          "2 of 3 path segment names with a visible casing are kebab-case"))]
    assert naming(write, body).measures["casing"]["path_segments"] == {
        "convention": "kebab-case", "following": 2, "total": 3, "share": 0.6667}


def test_parameters_properties_and_operation_ids(write):
    body = """
    paths:
      /pets:
        get:
          operationId: list_pets
          parameters:
            - {name: page_size, in: query, schema: {type: integer}}
            - {name: sortOrder, in: query, schema: {type: string}}
            - {name: per_page, in: query, schema: {type: integer}}
            - {name: X-Request-Id, in: header, schema: {type: string}}
          responses: {'200': {description: Done.}}
      /owners: {get: {operationId: listOwners, responses: {'200': {description: Done.}}}}
      /toys: {get: {operationId: listToys, responses: {'200': {description: Done.}}}}
    components:
      schemas:
        Pet:
          type: object
          properties:
            petName: {type: string}
            owner_id: {type: string}
            createdAt: {type: string}
    """
    assert found(write, body, "parameter-casing") == [
        ("/paths/~1pets/get/parameters/1",
         "query parameter 'sortOrder' is camelCase; 2 of 3 query parameter names with a visible casing are snake_case")]
    assert found(write, body, "property-casing") == [
        ("/components/schemas/Pet/properties/owner_id", "property 'owner_id' is snake_case; 2 of 3 property names with a visible casing are camelCase")]
    assert found(write, body, "operation-id-casing") == [
        ("/paths/~1pets/get/operationId", "operationId 'list_pets' is snake_case; 2 of 3 operationId names with a visible casing are camelCase")]
    assert naming(write, body).measures["rules"]["parameter-casing"] == {"checked": 3, "failed": 1, "pass_rate": 0.6667}


def test_namespaced_operation_ids_are_judged_by_part(write):
    body = "paths:\n" + "".join(
        f"  /{name}: {{get: {{operationId: 'repos/{name}-for-org', responses: {{'200': {{description: Done.}}}}}}}}\n"
        for name in ("list", "get", "create"))
    assert found(write, body, "operation-id-casing") == []


def test_enum_values_with_several_words_only(write):
    body = """
    paths: {}
    components:
      schemas:
        Status: {type: string, enum: [in_progress, on_hold, awaiting_payment, notStarted, active]}
        Locale: {type: string, enum: [en-GB, cs-CZ]}
        Code: {type: string, enum: [R02, R03]}
    """
    assert found(write, body, "enum-value-casing") == [
        ("/components/schemas/Status", "enum value 'notStarted' is camelCase; 3 of 4 multi-word enum values are snake_case")]


def test_verbs_in_paths_but_not_in_an_rpc_api(write):
    rest = f"paths:\n  /pets: {OK}\n  /pets/{{id}}/adopt: {OK}\n  /createPet: {OK}\n"
    assert found(write, rest, "path-verb") == [
        ("/paths/~1createPet", "path '/createPet' names an action ('createPet'); the HTTP method already says what it does")]
    rpc = f"paths:\n  /chat.postMessage: {OK}\n  /users.getInfo: {OK}\n  /files.list: {OK}\n"
    assert found(write, rpc, "path-verb") == []
    assert naming(write, rpc).measures["style"] == "rpc"


def test_collections_are_named_alike(write):
    body = "paths:\n" + "".join(f"  /{name}: {OK}\n  /{name}/{{id}}: {OK}\n" for name in ("pets", "owners", "toys", "vet", "history"))
    body += f"  /user/following/{{username}}: {OK}\n  /user/following: {OK}\n"
    assert found(write, body, "collection-name-plurality") == [
        ("/paths/~1vet~1{id}", "path '/vet/{id}' names the collection 'vet' in the singular; 3 of 4 collection names are plural")]


def test_trailing_slash_and_file_extension(write):
    body = f"paths:\n  /: {OK}\n  /pets/: {OK}\n  /pets.json: {OK}\n  /openapi.json: {OK}\n  /run.php: {OK}\n"
    assert found(write, body, "path-keys-no-trailing-slash") == [("/paths/~1pets~1", "path '/pets/' ends with a slash")]
    assert found(write, body, "path-file-extension") == [
        ("/paths/~1pets.json", "path '/pets.json' ends in a file extension ('.json')"),
        ("/paths/~1run.php", "path '/run.php' ends in a file extension ('.php')"),
    ]


def test_one_identifier_one_name(write):
    body = f"""
    paths:
      /pets/{{petId}}: {OK}
      /pets/{{petId}}/toys: {OK}
      /pets/{{pet_id}}/vets: {OK}
      /users/{{id}}: {OK}
      /users/{{username}}/keys: {OK}
      /shops/{{id}}/pets/{{id2}}: {OK}
    """
    assert found(write, body, "path-parameter-name-inconsistent") == [
        ("/paths/~1pets~1{pet_id}~1vets", ("path '/pets/{pet_id}/vets' calls the identifier of '/pets' '{pet_id}'; "
                                            "2 other paths call it '{petId}'"))]


def test_pagination_styles(write):
    body = """
    paths:
      /pets: {get: {parameters: [{name: limit, in: query, schema: {type: integer}}, {name: cursor, in: query, schema: {type: string}}], responses: {'200': {description: Done.}}}}
      /owners: {get: {parameters: [{name: limit, in: query, schema: {type: integer}}, {name: after, in: query, schema: {type: string}}], responses: {'200': {description: Done.}}}}
      /search: {get: {parameters: [{name: limit, in: query, schema: {type: integer}}, {name: page, in: query, schema: {type: string}}], responses: {'200': {description: Done.}}}}
      /toys: {get: {parameters: [{name: page, in: query, schema: {type: integer}}, {name: per_page, in: query, schema: {type: integer}}], responses: {'200': {description: Done.}}}}
    """
    assert found(write, body, "pagination-inconsistent") == [
        ("/paths/~1toys/get", "GET /toys pages by page; most paginated operations (3 of 4) page by cursor")]
    measures = naming(write, body).measures
    assert (measures["pagination"], measures["page_size_names"]) == ({"cursor": 3, "page": 1}, {"limit": 3, "per_page": 1})


def test_booleans_and_timestamps_named_two_ways(write):
    body = """
    paths: {}
    components:
      schemas:
        Pet:
          type: object
          properties:
            is_active: {type: boolean}
            created_at: {type: string, format: date-time}
            allow_sales: {type: boolean}
        Owner:
          type: object
          properties:
            active: {type: boolean}
            creation_date: {type: string, format: date-time}
            sales: {type: boolean}
        Vet:
          type: object
          properties:
            is_active: {type: boolean}
            created_at: {type: string, format: date-time}
    """
    assert found(write, body, "boolean-name-inconsistent") == [
        ("/components/schemas/Owner/properties/active", "boolean 'active' has no is/has prefix; elsewhere the same boolean is 'is_active'")]
    assert found(write, body, "timestamp-name-inconsistent") == [
        ("/components/schemas/Owner/properties/creation_date",
         "timestamp 'creation_date' ends in 'date'; elsewhere the same timestamp is 'created_at'")]


def _servers(tmp_path, version: str, *urls: str) -> list[tuple[str, str]]:
    import json

    from dxscan.scan import scan

    document = {"openapi": version, "info": {"title": "Pets", "version": "1"},
                "servers": [{"url": url} for url in urls],
                "paths": {"/pets": {"get": {"responses": {"200": {"description": "The pets."}}}}}}
    path = tmp_path / "servers.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return [(f.pointer, f.message) for f in scan(str(path)).findings if f.rule == "oas3-server-trailing-slash"]


def test_server_urls_ending_with_a_slash_are_reported_as_spectral_does(tmp_path):
    found = _servers(tmp_path, "3.1.0", "https://api.example.com/v1/", "/", "https://api.example.com", "/v2/")
    assert found == [("/servers/0", "server URL 'https://api.example.com/v1/' ends with a slash"),
                     ("/servers/3", "server URL '/v2/' ends with a slash")]


def test_the_bare_root_server_is_not_a_trailing_slash(tmp_path):
    assert _servers(tmp_path, "3.0.3", "/") == []
