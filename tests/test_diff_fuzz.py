"""The structural diff never crashes, whatever odd values a document holds where a schema, a
parameter or a security requirement should be: it compares what it can and reports no traceback."""

from __future__ import annotations

import copy
import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxscan.diff import structural_changes
from dxscan.load.loader import load
from dxscan.model import Spec
from tests.conftest import FIXTURES

BASE = yaml.safe_load((FIXTURES / "diff" / "reformatted" / "base.yaml").read_text())
ODD = st.sampled_from([None, True, 0, -1.5, "", "x", [], {}, [None], [{}], {"$ref": "#/nowhere"}, {"type": ["string", 3]},
                       {"enum": [{"a": 1}, [1]]}, {"required": "name"}, {"properties": []}, {"allOf": [1, {"$ref": "#"}]},
                       {"anyOf": [{"type": "null"}]}, {"maximum": "ten"}, [{"apiKey": [{"x": 1}]}]])


def containers(node, found):
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            containers(value, found)
    elif isinstance(node, list):
        found.append(node)
        for value in node:
            containers(value, found)
    return found


@st.composite
def mutated(draw):
    document = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 5))):
        places = [c for c in containers(document, []) if c]
        container = draw(st.sampled_from(places))
        key = draw(st.sampled_from(list(container) if isinstance(container, dict) else list(range(len(container)))))
        container[key] = copy.deepcopy(draw(ODD))
    return document


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=mutated())
def test_odd_documents_never_crash_the_diff(tmp_path, document):
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(document))
    base = Spec.from_loaded(load(str(FIXTURES / "diff" / "reformatted" / "base.yaml")))
    head = Spec.from_loaded(load(str(path)))
    for change in structural_changes(base, head) + structural_changes(head, base):
        assert change.message and change.kind in ("breaking", "regression", "improvement", "info")
