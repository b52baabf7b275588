"""Issue 14, seventh pass (building the dependency graph): what the speed work must not change."""

from __future__ import annotations

import pytest

from dxscan.graph.facts import value_type
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi
from tests.conftest import FIXTURES

SPEC = FIXTURES / "perf7g/compositions.yaml"  # one named object schema, for the $refs below


@pytest.mark.parametrize(("raw", "kind"), [
    ({"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Owner"}]}, None),  # two types
    ({"oneOf": [{"type": "string"}, {"type": "string", "format": "uuid"}]}, "string"),
    ({"oneOf": [{"description": "any"}, {"type": "integer"}]}, "integer"),  # an untyped member counts for nothing
    ({"anyOf": [{"type": ["null", "integer"]}, {"type": "integer"}]}, "integer"),  # 3.1's list of types
    ({"allOf": [{"$ref": "#/components/schemas/Owner"}]}, "object"),
    ({"oneOf": [{"allOf": [{"type": "string"}]}, {"type": "string"}]}, "string"),
    ({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "string"}]}, None),
    ({"oneOf": [{"oneOf": [{"type": "string"}, {"type": "integer"}]}, {"type": "string"}]}, "string"),  # inner: mixed
    ({"oneOf": []}, None),
])
def test_value_type_of_compositions(raw, kind):
    spec = as_openapi(load(str(SPEC)))
    assert value_type(spec, raw) == kind
