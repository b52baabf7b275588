"""The naming false-positive classes found by labelling main's findings (branch naming2), each on a
small document: what a reviewer judged wrong no longer fires, what they judged right still does."""

from __future__ import annotations

from textwrap import dedent

from dxscan import pointer as jp
from dxscan.scan.pipeline import scan

HEAD = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\n"
GET = "{get: {responses: {'200': {description: Done.}}}}"


def found(write, body: str, rule: str) -> list[tuple[str, str]]:
    return [(f.pointer, f.message) for f in scan(str(write(HEAD + dedent(body)))).findings if f.rule == rule]


def item_paths(*paths: str) -> str:
    """Each path listed on its own and with an `{id}` after it: a collection."""
    return "".join(f"  {path}: {GET}\n  {path}/{{id}}:\n    get:\n      parameters: [{{name: id, in: path, "
                   f"required: true, schema: {{type: string}}}}]\n      responses: {{'200': {{description: Done.}}}}\n"
                   for path in paths)


# --- collection-name-plurality -------------------------------------------------------------------

def test_plurals_that_end_like_latin_singulars_are_plural(write):
    body = "paths:\n" + item_paths("/users", "/orders", "/apis", "/skus", "/menus", "/wikis", "/analysis")
    assert found(write, body, "collection-name-plurality") == [
        ("/paths/~1analysis~1{id}", ("path '/analysis/{id}' names the collection 'analysis' in the singular; "
                                    "6 of 7 collection names are plural"))]


def test_a_word_after_a_plural_names_a_kind_of_it(write):
    body = "paths:\n" + item_paths("/users", "/orders", "/carts", "/agreements", "/agreements/enduser", "/hooks",
                                   "/hooks/git", "/products-uuid", "/options/server-size")
    # `enduser` and `git` qualify the plural before them; `products-uuid` is `products` by uuid;
    # `server-size` (two words) is a collection of its own, and it is singular
    assert found(write, body, "collection-name-plurality") == [
        ("/paths/~1options~1server-size~1{id}", ("path '/options/server-size/{id}' names the collection "
                                                "'server-size' in the singular; 6 of 7 collection names are plural"))]


# --- enum-value-casing ---------------------------------------------------------------------------

def test_geojson_types_are_a_standard_not_the_apis_casing(write):
    body = """
    paths: {}
    components:
      schemas:
        Shape: {type: object, properties: {type: {type: string, enum: [Point, MultiPolygon, LineString, FeatureCollection]}}}
        Export: {type: object, properties: {status: {type: string, enum: [PROCESSING, NO_DATA, IN_REVIEW]}}}
    """
    assert found(write, body, "enum-value-casing") == []


def test_an_alias_kept_beside_the_majority_spelling_is_not_flagged(write):
    body = """
    paths: {}
    components:
      schemas:
        Seat: {type: object, properties: {policy: {type: string, enum: [CABIN_BASED, cabinBased, TIER_BASED]}}}
        Board: {type: object, properties: {policy: {type: string, enum: [ZONE_BASED, GROUP_BASED, onTime]}}}
    """
    assert found(write, body, "enum-value-casing") == [
        ("/components/schemas/Board/properties/policy",
         "enum value 'onTime' is camelCase; 4 of 6 multi-word enum values are SCREAMING_SNAKE_CASE")]


def test_display_labels_are_not_identifiers(write):
    body = """
    paths: {}
    components:
      schemas:
        Feed: {type: object, properties: {phase: {type: string, enum: [Single phase, Three-phase]}}}
        Port: {type: object, properties: {kind: {type: string, enum: [three-phase, single-phase, dc-terminal]}}}
    """
    assert found(write, body, "enum-value-casing") == []


# --- path-verb, path-file-extension, schema-name-framework-type ----------------------------------

def verb_hit(path: str, verb: str) -> tuple[str, str]:
    """path-verb's finding on PATH, naming VERB."""
    return (jp.join("paths", path), f"path '{path}' names an action ('{verb}'); the HTTP method already says what it does")


def test_a_verb_that_is_also_a_noun_before_a_plural_is_a_noun_phrase(write):
    body = (f"paths:\n  /upload-tokens: {GET}\n  /me/write-permissions: {GET}\n  /ChangeOrderCharges: {GET}\n"
            f"  /orders: {GET}\n  /update-profile: {GET}\n  /listAllTokenIds: {GET}\n")
    assert found(write, body, "path-verb") == [
        verb_hit("/update-profile", "update-profile"),
        verb_hit("/listAllTokenIds", "listAllTokenIds")]


def test_a_document_a_standard_names_by_an_acronym_is_not_a_file_extension(write):
    body = f"paths:\n  /radiodns/spi/3.1/SI.xml: {GET}\n  /spi/{{date}}_PI.xml: {GET}\n  /top.protocols.csv: {GET}\n"
    assert found(write, body, "path-file-extension") == [
        ("/paths/~1top.protocols.csv", "path '/top.protocols.csv' ends in a file extension ('.csv')")]


def test_a_numbered_domain_function_is_not_a_framework_type(write):
    body = """
    paths: {}
    components:
      schemas:
        Function5: {type: object, properties: {name: {type: string}}}
        Function1RequestContextFutureRouteResult: {type: object}
    """
    assert found(write, body, "schema-name-framework-type") == [
        ("/components/schemas/Function1RequestContextFutureRouteResult",
         "1 schema names are framework types, not API concepts: 'Function1RequestContextFutureRouteResult'")]


# --- parameter-casing, property-casing -----------------------------------------------------------

def test_parameter_names_a_protocol_fixes_are_not_the_apis_casing(write):
    query = ", ".join(f"{{name: {name}, in: query, schema: {{type: string}}}}"
                      for name in ("pageSize", "sortOrder", "createdAfter", "redirect_uri", "response_type", "page_token"))
    body = f"paths:\n  /authorize:\n    get:\n      parameters: [{query}]\n      responses: {{'200': {{description: Done.}}}}\n"
    assert found(write, body, "parameter-casing") == [
        ("/paths/~1authorize/get/parameters/5",
         "query parameter 'page_token' is snake_case; 3 of 4 query parameter names with a visible casing are camelCase")]


def test_a_lower_case_word_breaks_a_pascal_case_majority_but_not_a_camel_case_one(write):
    body = """
    paths: {}
    components:
      schemas:
        Product:
          type: object
          properties:
            ProductName: {type: string}
            ProductType: {type: string}
            ProductId: {type: string}
            title: {type: string}
            '@href': {type: string}
            data: {type: string}
            geometry: {type: string}
    """
    assert found(write, body, "property-casing") == [
        ("/components/schemas/Product/properties/title",
         "property 'title' is lower-case; 3 of 4 property names with a visible casing are PascalCase")]
    camel = body.replace("ProductName", "productName").replace("ProductType", "productType").replace("ProductId", "productId")
    assert found(write, camel, "property-casing") == []


# --- operation-id-casing, path-segment-casing ----------------------------------------------------

def test_a_generators_number_suffix_is_not_a_casing(write):
    ops = "".join(f"  /{path}: {{get: {{operationId: {op}, responses: {{'200': {{description: Done.}}}}}}}}\n"
                  for path, op in (("a", "listPets"), ("b", "getPet"), ("c", "createPet_1"), ("d", "gender_1"),
                                   ("e", "delete_pet")))
    assert found(write, "paths:\n" + ops, "operation-id-casing") == [
        ("/paths/~1e/get/operationId",
         "operationId 'delete_pet' is snake_case; 3 of 4 operationId names with a visible casing are camelCase")]


def test_a_literal_key_left_in_a_path_is_not_a_name(write):
    body = (f"paths:\n  /api-keys: {GET}\n  /index-stats: {GET}\n  /keys/wYZjGJyBcdb0621b97999c2332: {GET}\n"
            f"  /dumpFiles: {GET}\n")
    assert found(write, body, "path-segment-casing") == [
        ("/paths/~1dumpFiles", ("path '/dumpFiles' has camelCase segment 'dumpFiles'; 2 of 3 path segment names "
                                "with a visible casing are kebab-case"))]
