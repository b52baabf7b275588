"""The model: one view over 2.0, 3.0 and 3.1."""

from __future__ import annotations

import pytest

from dxscan.load.loader import load
from dxscan.model import Spec
from tests.conftest import FIXTURES


def spec_of(name: str) -> Spec:
    return Spec.from_loaded(load(str(FIXTURES / name)))


def test_path_level_parameters_are_merged_and_overridden():
    spec = spec_of("swagger2.yaml")
    get = next(o for o in spec.operations if o.method == "get")
    [limit] = [p for p in get.parameters if p.name == "limit"]
    assert limit.description == "At most this many."
    assert limit.pointer == "/paths/~1pets/get/parameters/0"


def test_swagger2_body_becomes_request_body_and_definitions_schemas():
    spec = spec_of("swagger2.yaml")
    post = next(o for o in spec.operations if o.method == "post")
    assert post.request_body is not None and post.request_body.required
    assert [m.name for m in post.request_body.content] == ["application/json"]
    assert post.request_body.content[0].schema.name == "Pet"
    assert all(p.location != "body" for p in post.parameters)
    assert list(spec.schemas) == ["Pet"]
    assert [s.url for s in spec.servers] == ["https://api.example.com/v1"]
    assert spec.security_schemes["key"].location == "query"


def test_swagger2_response_schema_becomes_content():
    spec = spec_of("swagger2.yaml")
    get = next(o for o in spec.operations if o.method == "get")
    [ok] = get.responses
    assert [m.name for m in ok.content] == ["application/json"]


def test_openapi3_refs_are_followed_to_their_definition():
    spec = spec_of("bookshop.yaml")
    list_books = next(o for o in spec.operations if o.operation_id == "listBooks")
    page_size = list_books.parameters[0]
    assert page_size.name == "pageSize" and page_size.pointer == "/components/parameters/PageSize"
    too_many = next(r for r in list_books.responses if r.status == "429")
    assert too_many.pointer == "/components/responses/TooManyRequests"
    assert [h.name for h in too_many.headers] == ["Retry-After"]


def test_security_inheritance_is_visible():
    spec = spec_of("bookshop.yaml")
    by_id = {o.operation_id: o for o in spec.operations}
    assert by_id["listBooks"].security is None
    assert by_id["health"].security == ()
    assert by_id["createBook"].security == ({"oauth": ["books:write"]},)
    assert spec.security_schemes["oauth"].scopes == {"books:read": "Read the catalogue.", "books:write": "Change the catalogue."}


def test_webhooks_are_operations_of_their_own_kind():
    spec = spec_of("webhooks31.yaml")
    [hook] = spec.operations
    assert (hook.kind, hook.label) == ("webhook", "webhook POST orderShipped")
    assert spec.version == "3.1" and spec.api_version == "2024-05-01"


def test_recursive_schemas_terminate():
    spec = spec_of("bookshop.yaml")
    pointers = [s.pointer for s in spec.all_schemas]
    assert "/components/schemas/Book" in pointers
    assert len(pointers) == len(set(pointers))
    names = [name for name, _ in spec.properties(spec.schemas["Book"])]
    assert names == ["id", "title", "authors", "related"]


def test_multifile_spec_reads_as_one():
    spec = spec_of("multifile/openapi.yaml")
    assert [o.operation_id for o in spec.operations] == ["listPets", "getPet"]
    assert spec.operations[1].parameters[0].name == "petId"


def test_split_spec_reports_shared_objects_at_their_component_name():
    spec = spec_of("multifile/openapi.yaml")
    list_pets = spec.operations[0]
    [ok] = [r for r in list_pets.responses if r.status == "200"]
    items = spec._schema(ok.content[0].schema.raw["items"], ok.content[0].schema.pointer + "/items")
    assert items.pointer == "/components/schemas/Pet" and items.name == "Pet"


def _with_query(version: str) -> dict:
    return {"openapi": version, "info": {"title": "Search", "version": "1"},
            "paths": {"/items": {"get": {"responses": {"200": {"description": "The items."}}},
                                 "query": {"responses": {"200": {"description": "The matching items."}}}}}}


def test_a_query_operation_is_an_operation_in_3_2_only(tmp_path):
    """OpenAPI 3.2's `query` method (validated as an operation) is counted as one; before 3.2 the
    key is not an operation (the validator reports it)."""
    import json

    from dxscan.load import load
    from dxscan.model import Spec

    counted = {}
    for version in ("3.2.0", "3.1.0"):
        path = tmp_path / f"{version}.json"
        path.write_text(json.dumps(_with_query(version)), encoding="utf-8")
        counted[version] = sorted(o.method for o in Spec.from_loaded(load(str(path))).operations)
    assert counted == {"3.2.0": ["get", "query"], "3.1.0": ["get"]}


def test_model_values_keep_their_dataclass_constructor_and_stay_frozen():
    import dataclasses
    import inspect

    from dxscan import model

    for cls in (model.Schema, model.Parameter, model.MediaType, model.RequestBody, model.Header, model.Response, model.Operation):
        expected = [(f.name, f.default) for f in dataclasses.fields(cls)]
        parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
        assert [(p.name, p.default if p.default is not inspect.Parameter.empty else dataclasses.MISSING)
                for p in parameters] == expected
    schema = model.Schema("/components/schemas/Pet", {"type": "object"}, name="Pet")
    assert (schema.pointer, schema.raw, schema.name) == ("/components/schemas/Pet", {"type": "object"}, "Pet")
    assert schema == model.Schema("/components/schemas/Pet", {"type": "object"}, "Pet")
    assert model.Operation("get", "/a", "/paths/~1a/get", {}, (), None, (), None).kind == "operation"
    with pytest.raises(dataclasses.FrozenInstanceError):
        schema.name = "Cat"  # type: ignore[misc]
    assert schema.name == "Pet"


def test_component_names_are_read_as_pointer_split_reads_them():
    from dxscan.model import _component_name

    assert _component_name("/components/schemas/Pet") == "Pet"
    assert _component_name("/components/schemas/a~1b~0c") == "a/b~c"
    assert _component_name("//components/schemas/Pet") == "Pet"
    assert _component_name("/definitions/Pet") == "Pet"
    assert _component_name("/definitions/") == ""
    assert _component_name("/components/schemas/Pet/properties/id") is None
    assert _component_name("/components/schemas~1Pet") is None
    assert _component_name("/paths/~1schemas~1x/get") is None
    assert _component_name("/x/components/schemas/Pet") is None


def test_media_type_status_and_header_keys_are_escaped_in_pointers(tmp_path):
    path = tmp_path / "api.json"
    path.write_text('{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {'
                    '"200": {"description": "ok", "headers": {"X-a/b": {"schema": {"type": "string"}}},'
                    ' "content": {"application/vnd.a~b+json": {"schema": {"type": "object"}}}}}}}}}')
    spec = Spec.from_loaded(load(str(path)))
    [response] = spec.operations[0].responses
    assert response.pointer == "/paths/~1a/get/responses/200"
    assert [h.pointer for h in response.headers] == ["/paths/~1a/get/responses/200/headers/X-a~1b"]
    assert [(m.pointer, m.schema.pointer) for m in response.content] == [
        ("/paths/~1a/get/responses/200/content/application~1vnd.a~0b+json",
         "/paths/~1a/get/responses/200/content/application~1vnd.a~0b+json/schema")]


def test_kept_texts_are_worked_out_once_and_leave_comparison_alone():
    from dxscan.model import Operation

    raw = {"operationId": "listPets", "summary": "List pets", "description": 7}
    read = Operation("get", "/pets", "/paths/~1pets/get", raw, (), None, (), None)
    unread = Operation("get", "/pets", "/paths/~1pets/get", raw, (), None, (), None)
    assert (read.label, read.operation_id, read.summary, read.description) == ("GET /pets", "listPets", "List pets", None)
    assert read.__dict__["label"] == "GET /pets" and "label" not in unread.__dict__
    assert read == unread and repr(read) == repr(unread)
    assert Operation("post", "/hooks", "/webhooks/hooks/post", {}, (), None, (), None, "webhook").label == "webhook POST /hooks"
    assert Operation.label.__doc__.startswith("How messages name it")


def test_a_component_with_an_escaped_name_is_reported_at_it(tmp_path):
    path = tmp_path / "api.yaml"
    path.write_text("""openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/a~1b~0c'}
components:
  schemas:
    a/b~c: {type: object, properties: {id: {type: string}}}
""")
    spec = Spec.from_loaded(load(str(path)))
    [media] = spec.operations[0].responses[0].content
    assert (media.schema.pointer, media.schema.name) == ("/components/schemas/a~1b~0c", "a/b~c")
    assert spec._component_pointers[id(media.schema.raw)] == "/components/schemas/a~1b~0c"
