"""Issue 14, fourth pass (the half of a scan beside the graph): what the speed work must not change."""

from __future__ import annotations

import pytest

from dxscan.checks import Context
from dxscan.config import Config
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi
from tests.conftest import FIXTURES


def _examples_spec():
    return as_openapi(load(str(FIXTURES / "perf4" / "examples.json")))


def test_has_example_gives_the_depth_limited_walks_answer_for_every_schema():
    from dxscan.checks.documentation import _tree_has_example, schema_tree
    from dxscan.checks.inventory import holds_example

    spec = _examples_spec()
    schemas = spec.document["components"]["schemas"]
    answers = {name: _tree_has_example(spec, raw) for name, raw in schemas.items()}
    walked = {name: any(holds_example(node) for node, _ in schema_tree(spec, raw)) for name, raw in schemas.items()}
    assert answers == walked
    assert answers == {"Plain": False, "Three": True, "Four": False, "Shadowed": False, "Mid": True, "Deep": True,
                       "Leaf": True}


def test_the_bounded_search_only_rules_walks_out():
    """Shadowed holds an example three levels down along one path, which the walk never reaches (it
    meets Deep first along a longer path): the bounded search says maybe, the walk says no."""
    from dxscan.checks.documentation import _example_within

    spec = _examples_spec()
    schemas = spec.document["components"]["schemas"]
    assert [_example_within(spec, schemas[name], 3) for name in ("Shadowed", "Four", "Plain", "Three")] == [
        True, False, False, True]


def test_example_rules_on_depths_shadows_siblings_and_composition():
    from dxscan.checks.documentation import request_body_example, response_example

    spec = _examples_spec()
    context = Context(spec, config=Config())
    assert [(hit.pointer, hit.message) for hit in response_example(context)] == [
        ("/paths/~1four/get/responses/200", "response 200 of GET /four has no example"),
        ("/paths/~1shadowed/get/responses/200", "response 200 of GET /shadowed has no example"),
        ("/paths/~1sibling/get/responses/200", "response 200 of GET /sibling has no example"),  # the model drops a $ref's siblings
    ]
    assert list(request_body_example(context)) == []  # the x-example of the oneOf's map values


POLICY_TEXTS = [
    ("Rate limit: 100 requests", True),
    ("You may be RATE-LIMITED", True),
    ("Throttling applies", True),
    ("a quota of 5 projects", True),
    ("up to 1,000 requests per minute", True),
    ("10 calls/hour", True),
    ("5 req per second", True),
    ("Requests an hour are capped", True),
    ("the disk quota of a volume", False),  # only a lookbehind rules this one out
    ("Storage Quota exceeded", False),
    ("a storage  quota", True),  # the lookbehinds name one space
    ("the request body", False),
    ("separate the rates of limits", False),  # 'rate' and 'limit', not 'rate limit'
    ("returns 3 objects per call", False),
    ("", False),
    ("1 requeſt per ſecond", True),  # IGNORECASE reads ſ as s, lower() does not: no shortcut beyond ASCII
]


@pytest.mark.parametrize("text, matches", POLICY_TEXTS)
def test_the_policy_pattern_with_its_lookbehinds_after_quota(text, matches):
    from dxscan.checks.rate_limits import _POLICY

    assert bool(_POLICY.search(text)) is matches


DOCUMENT = {
    "paths": {"/orders/{id}": {"get": {
        "parameters": [{"in": "path", "name": "id"}, {"in": "query", "name": "q"}],
        "responses": {"200": {"content": {"application/json": {"schema": {"oneOf": [{"$ref": "#/c/A"}, {"type": "string"}]}}}}},
        "tags": ["orders"],
    }}},
    "servers": [{"url": "https://a.example"}],
    "tags": [{"name": "orders"}],
}


@pytest.mark.parametrize("pointer, identity", [
    ("/paths/~1orders~1{id}/get/responses/200", "/paths/~1orders~1{}/get/responses/200"),  # a status, not an index
    ("/paths/~1orders~1{id}/get/responses/200/content/application~1json/schema/oneOf/0",
     "/paths/~1orders~1{}/get/responses/200/content/application~1json/schema/oneOf/#~1c~1A"),
    ("/paths/~1orders~1{id}/get/responses/200/content/application~1json/schema/oneOf/1",
     "/paths/~1orders~1{}/get/responses/200/content/application~1json/schema/oneOf/1"),
    ("/paths/~1orders~1{id}/get/parameters/1/schema", "/paths/~1orders~1{}/get/parameters/query:q/schema"),
    ("/paths/~1orders~1{id}/get/tags/0", "/paths/~1orders~1{}/get/tags/0"),  # a string: nothing names it
    ("/servers/0", "/servers/https:~1~1a.example"),
    ("/tags/0/name", "/tags/orders/name"),
    ("/tags/5", "/tags/5"),  # no such member: the walk stops
])
def test_identity_pointer_walks_only_for_indexes_it_can_name(pointer, identity):
    from dxscan.checks.engine import identity_pointer
    from tests.test_perf2_speed import _walked

    assert identity_pointer(DOCUMENT, pointer) == identity
    assert identity_pointer(DOCUMENT, pointer) == _walked(DOCUMENT, pointer)


@pytest.mark.parametrize("pointer", [
    "/paths/~1orders~1{id}/get/responses/200",
    "/paths/~1orders~1{id}",
    "/paths/~1orders",
    "/paths",
    "/webhooks/new~1{kind}/post",
    "/x-ms-paths/~1a~1{b}?c/get",
    "//paths/~1orders~1{id}/get",
    "/paths/~1orders~1{id}~2/get",  # a `~` that escapes nothing
    "/paths/~1a~1{x~1y}/get",  # a `/` inside braces: no template
    "/paths/~1a~0{id}/get",
    "/components/schemas/A~0B/properties/x",
    "/tags//0",
    "/",
    "",
])
def test_identity_pointer_without_a_list_index_equals_the_full_walk(pointer):
    from dxscan.checks.engine import identity_pointer
    from tests.test_perf2_speed import _walked

    assert identity_pointer(DOCUMENT, pointer) == _walked(DOCUMENT, pointer)


@pytest.mark.parametrize("tokens, pointer", [
    (("paths", "/pets", "get"), "/paths/~1pets/get"),
    (("a~b", 0), "/a~0b/0"),
    (("~/",), "/~0~1"),
    ((), ""),
])
def test_pointer_join_and_child_escape_only_what_needs_it(tokens, pointer):
    from dxscan import pointer as jp

    assert jp.join(*tokens) == pointer
    assert jp.child("/root", *tokens) == "/root" + pointer
    assert [jp.escape(token) for token in tokens] == [str(token).replace("~", "~0").replace("/", "~1") for token in tokens]


def test_schema_leaves_below_the_top_are_still_recorded_and_revisits_still_noted():
    """A leaf inlined in _check_schema's loop is recorded as visited where it was first met; a
    shared leaf object met again at another place marks the document as not a plain tree."""
    from dxscan.load.validate import _ProblemSink, _SemanticChecker

    leaf = {"type": "string"}
    document = {"openapi": "3.0.3", "paths": {}, "components": {"schemas": {
        "A": {"type": "object", "properties": {"x": leaf, "y": {"type": "integer"}}},
        "B": {"type": "object", "properties": {"z": leaf}},
    }}}
    checker = _SemanticChecker(document, "3.0", None, _ProblemSink())
    checker.run()
    rendered = {key: value for key, value in checker._visited.items() if key == id(leaf)}
    from dxscan.load.validate import _render

    assert [_render(pointer) for pointer in rendered.values()] == ["/components/schemas/A/properties/x"]
    assert checker._shared_objects is True


def _spec_of(tmp_path, schemas: dict, body: dict):
    import json

    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
                    "application/json": {"schema": body}}}}}}},
                "components": {"schemas": schemas}}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document))
    return as_openapi(load(str(path)))


REF = {"$ref": "#/components/schemas/Item"}
ITEM = {"type": "object", "properties": {"id": {"type": "string"}}}


@pytest.mark.parametrize("schemas, body, examples, shown", [
    ({"Item": ITEM}, {"type": "array", "items": REF}, False, False),
    ({"Item": ITEM}, {"type": "array", "items": {**REF, "examples": [{"id": "1"}]}}, True, True),  # a $ref's sibling, in items
    ({"Item": ITEM}, {"type": "object", "properties": {"item": {**REF, "example": {"id": "1"}}}}, True, True),  # ... in a property
    ({"Item": {"type": "object", "properties": {"id": {"type": "string", "x-example": "1"}}}}, REF, True, True),  # a leaf property
    ({"Item": ITEM, "Other": {"type": "string", "example": "x"}}, REF, True, False),  # a component no body uses
])
def test_the_inventory_knows_whether_any_schema_holds_an_example(tmp_path, schemas, body, examples, shown):
    from dxscan.checks.documentation import response_example
    from dxscan.checks.inventory import inventory

    spec = _spec_of(tmp_path, schemas, body)
    assert inventory(spec).examples is examples
    hits = [hit.message for hit in response_example(Context(spec, config=Config()))]
    assert hits == ([] if shown else ["response 200 of GET /a has no example"])
