"""YAML read from libyaml's events (issue 13 item 8): the data, duplicate keys, merge keys, anchors,
positions and errors, and memory as a ratio to the same document read as JSON."""

from __future__ import annotations

import json
import tracemalloc

import pytest
import yaml

from dxscan.load.parse import ParseError, parse_text
from tests.test_parse import _every_path, _node_position


def _duplicates(text: str) -> list[tuple[tuple[str, ...], str, int, int]]:
    return [(d.tokens, d.key, d.line, d.column) for d in parse_text(text, "x").duplicates]


def test_an_explicit_key_over_a_merged_one_is_not_a_duplicate():
    text = "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  x: 0\n  x: 3\n"
    assert parse_text(text, "x").data["m"] == {"x": 3, "y": 2}
    assert _duplicates(text) == [(("m",), "x", 5, 3)]  # the second explicit x, not the first


def test_keys_before_a_merge_win_too_and_the_first_merge_source_wins():
    parsed = parse_text("a: &a {k: 1, p: 1}\nb: &b {k: 2, q: 2}\nm: {k: 0, <<: [*a, *b]}\n", "x")
    assert parsed.data["m"] == {"k": 0, "p": 1, "q": 2}
    assert parsed.duplicates == []


def test_an_inline_merge_source_is_merged_once_complete():
    parsed = parse_text("m:\n  <<:\n    - {a: 1}\n    - {b: 2, a: 3}\n  c: 4\n", "x")
    assert parsed.data == {"m": {"a": 1, "b": 2, "c": 4}}


def test_duplicates_name_the_path_through_sequences():
    assert _duplicates("a:\n  - {k: 1}\n  - q: 1\n    q: 2\n") == [(("a", "1"), "q", 4, 5)]


def test_an_anchor_defined_again_is_named_by_the_later_aliases():
    data = parse_text("a: &x 1\nb: *x\nc: &x 2\nd: *x\n", "x").data
    assert data == {"a": 1, "b": 1, "c": 2, "d": 2}


def test_keys_are_text_as_written_and_values_are_yaml_1_1_scalars():
    data = parse_text("200: ok\ntrue: t\n~: n\n1.5: f\nv: [0x1F, 1_000, yes, Off, ~, '1', 2024-05-01, .inf, <<]\n", "x").data
    assert list(data) == ["200", "true", "null", "1.5", "v"]
    assert data["v"][:8] == [31, 1000, True, False, None, "1", "2024-05-01", float("inf")]
    assert data["v"][8] == "<<"


def test_complex_keys_are_written_as_flow_text():
    data = parse_text("? [a, 1]\n: v\n? {a: {b: 1}}\n: w\nk: &k [1]\n*k : 3\n", "x").data
    assert data == {"[a, 1]": "v", "{a: {b: 1}}": "w", "k": [1], "[1]": 3}


TRICKY = """\
top:
  - &item {name: a, tags: [x, y]}
  - *item
  - plain
  - - nested
    - {deep: &leaf leafy}
? [complex, key]
: {under: complex}
m:
  <<: [*item, {extra: 1}]
  name: b
  ~: null key
  *leaf : aliased key
  dup: 1
  dup: 2
"""


def test_positions_agree_with_the_composed_nodes_on_aliases_merges_and_complex_keys():
    parsed = parse_text(TRICKY, "x")
    node = yaml.compose(TRICKY, Loader=yaml.CSafeLoader)
    extra = [("m", "<<"), ("m", "<<", "1", "extra"), ("m", "~"), ("m", "leafy"), ("top", "1", "tags", "1"),
             ("top", "9"), ("top", "-1"), ("top", "x"), ("m", "dup", "deeper")]
    paths = list(_every_path(parsed.data)) + extra
    assert [parsed.position(tokens) for tokens in paths] == [_node_position(node, tokens) for tokens in paths]
    assert parsed.position(("top", "1", "tags", "1")) == (2, 31)  # through the alias, at the anchor
    assert parsed.position(("m", "dup")) == (14, 3)  # the first of duplicate keys


@pytest.mark.parametrize(("text", "message", "line", "column"), [
    ("a: *nowhere\n", "invalid YAML: found undefined alias 'nowhere'", 1, 4),
    ("a: 1\n---\nb: 2\n", "invalid YAML: expected a single document, but found another", 2, 1),
    ("# only a comment\n", "the file is empty", None, None),
    ("a: [1\n", "invalid YAML: did not find expected ',' or ']'", 2, 1),
])
def test_errors_name_the_line(text, message, line, column):
    with pytest.raises(ParseError) as error:
        parse_text(text, "x")
    assert (error.value.message, error.value.line, error.value.column) == (message, line, column)


def test_an_empty_document_is_null():
    assert parse_text("---\n...\n", "x").data is None


def _api(schemas: int) -> dict:
    def properties() -> dict:  # new objects each time: YAML would write shared ones as aliases
        return {f"p{i}": {"type": "string", "description": f"Property {i}."} for i in range(20)}

    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {f"S{n}": {"type": "object", "properties": properties()} for n in range(schemas)}}}


def _memory(text: str) -> tuple[int, int]:
    """(bytes still held by the parsed file, peak bytes while parsing)."""
    tracemalloc.start()
    try:
        parsed = parse_text(text, "x")
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert parsed.data["components"]["schemas"]["S0"]["properties"]["p0"] == {"type": "string", "description": "Property 0."}
    return held, peak


def test_yaml_costs_about_the_memory_of_the_same_document_as_json():
    """The composed node tree kept for positions held 7 times JSON's memory (18.2 MB against 2.3 MB
    on 20,000 keys); the data and the position index now hold 1.2 times."""
    document = _api(300)  # 18,900 keys
    json_held, json_peak = _memory(json.dumps(document, indent=2))
    yaml_held, yaml_peak = _memory(yaml.dump(document, Dumper=yaml.CSafeDumper, sort_keys=False))
    assert yaml_held < 1.5 * json_held
    assert yaml_peak < 2 * json_peak


def test_pure_python_parser_gives_the_same_data_duplicates_and_positions(monkeypatch):
    """Where PyYAML was built without libyaml, its Python parser gives the same events."""
    from dxscan.load import yaml_text

    expected = parse_text(TRICKY, "x")
    monkeypatch.setattr(yaml_text, "_Parser", yaml.SafeLoader)
    parsed = parse_text(TRICKY, "x")
    paths = list(_every_path(expected.data))
    assert parsed.data == expected.data and parsed.duplicates == expected.duplicates
    assert [parsed.position(tokens) for tokens in paths] == [expected.position(tokens) for tokens in paths]
    with pytest.raises(ParseError) as error:
        parse_text("a: [1\n", "x")
    assert (error.value.message, error.value.line) == ("invalid YAML: expected ',' or ']', but got '<stream end>'", 2)
