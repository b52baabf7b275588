"""Issue 14, sixth pass (building the dependency graph): what the speed work must not change."""

from __future__ import annotations

import pytest

from dxscan.graph.build import _ref_target


@pytest.mark.parametrize(("ref", "target"), [
    ("#/components/schemas/Pet", "/components/schemas/Pet"),
    ("#/components/schemas/Pet/properties/id", "/components/schemas/Pet"),
    ("#/components/schemas/Pet/", "/components/schemas/Pet"),
    ("#//components/schemas/Pet", "/components/schemas/Pet"),  # `jp.split` drops leading slashes
    ("#/definitions/Pet/properties/x", "/definitions/Pet"),
    ("#/components/schemas/A%20B", "/components/schemas/A B"),  # quoted: the slow way, as before
    ("#/components/schemas/a~1b/x", "/components/schemas/a~1b"),  # escaped: kept escaped
    ("#/definitions/a%2Fb", "/definitions/a"),  # a quoted slash splits, as it always did
    ("#/components/schemas/", None),  # no name
    ("#/components/schemas", None),
    ("#/definitions", None),
    ("#/components/responses/X", None),
    ("#/paths/~1pets/get", None),
    ("#/", None),
    ("#", None),
    ("other.yaml#/components/schemas/X", None),
])
def test_ref_target_reads_unescaped_references_without_splitting_them_all(ref, target):
    assert _ref_target(ref) == target
