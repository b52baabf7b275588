"""Valid documents mutated at random never produce a traceback: exit 0, 1 or 2, with a message."""

from __future__ import annotations

import copy
import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dxscan.cli.app import app
from tests.conftest import FIXTURES

SEEDS = [yaml.safe_load((FIXTURES / name).read_text()) for name in ("bookshop.yaml", "swagger2.yaml", "webhooks31.yaml")]
ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8),
    st.just([]), st.just({}), st.just({"$ref": "#/nowhere"}), st.just({"$ref": "missing.yaml#/x"}),
    st.just({"$ref": "http://example.com/x.yaml"}), st.just({"$ref": 7}), st.just({"$ref": "#/components/schemas/Book"}),
    st.just([{"$ref": "#"}]), st.just({"$ref": "#/paths"}),
)


def containers(node, path=()):
    """Every (path, container) in the document, for picking a place to mutate."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from containers(value, path + (key,))
    elif isinstance(node, list):
        yield path, node
        for index, value in enumerate(node):
            yield from containers(value, path + (index,))


@st.composite
def mutated_documents(draw):
    document = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        places = [c for _, c in containers(document) if c]
        if not places:
            break
        container = draw(st.sampled_from(places))
        key = draw(st.sampled_from(list(container) if isinstance(container, dict) else list(range(len(container)))))
        if draw(st.booleans()) and isinstance(container, dict):
            del container[key]
        else:
            container[key] = copy.deepcopy(draw(ODD_VALUES))
    return document


def serialise(document, as_json: bool) -> str:
    if as_json:
        return json.dumps(document, default=str)
    return yaml.safe_dump(document, sort_keys=False)


def assert_clean_exit(tmp_path, text: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["scan", str(spec), "--format", "json", "--no-cache"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    else:
        assert json.loads(result.stdout)["schema"] == "dxscan.scorecard/1"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=mutated_documents(), as_json=st.booleans())
def test_mutated_documents_never_crash(tmp_path, document, as_json):
    assert_clean_exit(tmp_path, serialise(document, as_json))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.sampled_from(SEEDS), as_json=st.booleans(), cut=st.floats(0, 1))
def test_truncated_text_never_crashes(tmp_path, seed, as_json, cut):
    text = serialise(seed, as_json)
    assert_clean_exit(tmp_path, text[: int(len(text) * cut)])
