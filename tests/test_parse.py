"""Positions and duplicate keys, for JSON and YAML text."""

from __future__ import annotations

import pytest

from dxscan.load.parse import ParseError, parse_text

JSON = '{\n  "openapi": "3.0.3",\n  "paths": {\n    "/a": {"get": {"responses": {"200": {"description": "x"}}}},\n    "/b": [1, {"c": 2}]\n  }\n}\n'
YAML = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: x\n  /b:\n    - 1\n    - c: 2\n"


@pytest.mark.parametrize("text", [JSON, YAML])
def test_same_data_from_json_and_yaml(text):
    parsed = parse_text(text, "x")
    assert parsed.data["paths"]["/a"]["get"]["responses"]["200"] == {"description": "x"}
    assert parsed.data["paths"]["/b"] == [1, {"c": 2}]


def test_json_positions_point_at_keys_and_elements():
    parsed = parse_text(JSON, "x")
    assert parsed.position(("paths",)) == (3, 3)
    assert parsed.position(("paths", "/a", "get")) == (4, 12)
    assert parsed.position(("paths", "/b", "1", "c")) == (5, 16)


def _every_path(data, tokens=()):
    yield tokens
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _every_path(value, tokens + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _every_path(value, tokens + (str(index),))


def test_json_positions_found_together_equal_those_found_one_by_one():
    text = (
        '{"a": {"b\\"c": [1, {"d": "}]{["}, [], {}], "e": {"a~1b": null}}, "x": [[2, [3]], {"y": "z"}],'
        ' "a": {"again": true}, "empty": {}}'
    )
    paths = list(_every_path(parse_text(text, "x").data)) + [("a", "nothing"), ("x", "9"), ("x", "0", "1", "0", "deeper")]
    alone = parse_text(text, "x")
    expected = {tokens: alone.position(tokens) for tokens in paths}
    together = parse_text(text, "x")
    assert together.positions(paths[::2]) == [expected[tokens] for tokens in paths[::2]]
    assert {tokens: together.position(tokens) for tokens in paths} == expected
    assert together.position(("a", 'b"c', "1", "d")) == (1, 21)
    again = parse_text(text, "x")  # a second batch through containers the first one indexed
    assert again.positions(paths[1::2]) == [expected[tokens] for tokens in paths[1::2]]
    assert again.positions(paths) == [expected[tokens] for tokens in paths]


def test_json_positions_together_through_duplicate_keys_and_element_spellings():
    """A batch notes offsets on its walk; what the walk does not reach whole (a node missing, the
    second of duplicate keys, an index written `01`) is found as `position` alone finds it."""
    text = '{\n "a": {"x": 1},\n "a": {"y": {"z": 2}},\n "l": [\n  10,\n  {"k": 3}\n ]\n}'
    paths = [("a", "y", "z"), ("a", "x"), ("l", "01", "k"), ("l", "1", "k"), ("l", "9"), ("a",), (), ("l", "0", "q")]
    alone = parse_text(text, "x")
    expected = [alone.position(tokens) for tokens in paths]
    assert expected == [(2, 2), (2, 8), (6, 4), (6, 4), (4, 2), (2, 2), (1, 1), (5, 3)]
    assert parse_text(text, "x").positions(paths) == expected


def test_yaml_positions_point_at_keys_and_elements():
    parsed = parse_text(YAML, "x")
    assert parsed.position(("paths", "/a", "get")) == (4, 5)
    assert parsed.position(("paths", "/a", "get", "responses", "200", "description")) == (7, 11)
    assert parsed.position(("paths", "/b", "1")) == (10, 7)


def test_missing_pointer_lands_on_deepest_existing_node():
    parsed = parse_text(YAML, "x")
    assert parsed.position(("paths", "/a", "get", "description")) == (4, 5)


def test_yaml_keeps_dates_and_status_codes_as_strings():
    parsed = parse_text("info:\n  version: 2024-05-01\nresponses:\n  200: {}\n  on: 1\n", "x")
    assert parsed.data["info"]["version"] == "2024-05-01"
    assert "200" in parsed.data["responses"]


def test_duplicate_keys_found_at_second_occurrence():
    parsed = parse_text('{"a": {"b": 1,\n "b": 2}}', "x")
    [duplicate] = parsed.duplicates
    assert (duplicate.tokens, duplicate.key, duplicate.line, duplicate.column) == (("a",), "b", 2, 2)
    parsed = parse_text("a:\n  b: 1\n  b: 2\n", "x")
    [duplicate] = parsed.duplicates
    assert (duplicate.tokens, duplicate.key, duplicate.line, duplicate.column) == (("a",), "b", 3, 3)


def test_bom_is_ignored():
    assert parse_text('\ufeff{"a": 1}', "x").data == {"a": 1}
    assert parse_text("\ufeffa: 1\n", "x").data == {"a": 1}


@pytest.mark.parametrize(
    ("text", "line"),
    [("a: [1,\nb: 2\n", 3), ('{"a": 1,\n\n "b": [}', 3), ("a: 'unclosed\n", 2)],
)
def test_parse_errors_carry_a_line(text, line):
    with pytest.raises(ParseError) as error:
        parse_text(text, "x")
    assert error.value.line == line


def test_json_with_comments_is_read_as_yaml():
    assert parse_text('{"a": 1, # a comment\n "b": 2}', "x").data == {"a": 1, "b": 2}


def test_aliases_share_one_object_and_merge_keys_merge():
    parsed = parse_text("base: &b {x: 1}\nuse: *b\nmerged:\n  <<: *b\n  y: 2\n", "x")
    assert parsed.data["use"] is parsed.data["base"]
    assert parsed.data["merged"] == {"x": 1, "y": 2}


def test_an_alias_bomb_in_flow_style_is_named_as_one_not_as_bad_json():
    levels = "".join(f", l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9))
    text = "{l0: &l0 [x]" + levels + "}"
    with pytest.raises(ParseError) as refused:
        parse_text(text, "x")
    assert refused.value.message.startswith("YAML aliases expand ") and refused.value.message.endswith("(an alias bomb?); not read")
    assert (refused.value.line, refused.value.column) == (1, 24)


def test_json_comments_are_blanked_in_place():
    parsed = parse_text('{"a": 1, // one\n "b": "//", /* two\n */ "c": [1]}', "x")
    assert parsed.data == {"a": 1, "b": "//", "c": [1]}
    assert parsed.format == "json"
    assert parsed.position(("c",)) == (3, 5)


def _node_position(node, tokens):
    """Positions as they were found before the index: by walking the composed nodes."""
    import yaml

    mark = node.start_mark
    for token in tokens:
        found = None
        if isinstance(node, yaml.MappingNode):
            found = next(((k.start_mark, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == token), None)
        elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
            found = (node.value[int(token)].start_mark, node.value[int(token)])
        if found is None:
            break
        mark, node = found
    return mark.line + 1, mark.column + 1


def test_yaml_position_index_agrees_with_the_composed_nodes_everywhere():
    import yaml

    from tests.conftest import FIXTURES

    files = sorted(FIXTURES.rglob("*.yaml"))
    extra = "x-m:\n  a: &a {k: [1, {z: 2}]}\n  b: *a\n  c: {<<: *a, k: 3, ~: 4, null: 5}\n  dup: 1\n  dup: 2\n"
    checked = 0
    texts = [f.read_bytes().decode("utf-8", "replace") for f in files]
    for text in texts + [extra]:
        try:
            parsed = parse_text(text, "x")
        except ParseError:
            continue
        if parsed.format != "yaml":
            continue
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
        paths = list(_every_path(parsed.data)) + [("nothing",), ("x-m", "c", "<<"), ("x-m", "c", "~"), ("x-m", "dup")]
        for tokens in paths:
            assert parsed.position(tokens) == _node_position(node, tokens), tokens
            checked += 1
    assert len(files) > 20 and checked > 1000


def test_equal_string_values_of_a_json_document_are_one_object():
    data = parse_text('{"a": {"type": "string"}, "b": {"type": "string"}, "c": ["string"]}', "x.json").data
    assert data["a"]["type"] is data["b"]["type"]
    assert data == {"a": {"type": "string"}, "b": {"type": "string"}, "c": ["string"]}


LONE_SURROGATES = [  # (JSON text, line and column of the member holding half a surrogate pair)
    ('{"info": {\n  "title": "t\\ud800x"}}', (2, 3)),
    ('{"paths": {\n  "/a\\uDC00": {}}}', (2, 3)),
    ('{"tags": [\n  "ok",\n  "x\\udbff"]}', (3, 3)),
    ('{"a": "\\ud800\\u0041"}', (1, 2)),
    ('{"info": {"title": "\\ud800"},\n "paths": {"/\\ud800": {}}}', (1, 11)),  # the first in the text
]


@pytest.mark.parametrize(("text", "where"), LONE_SURROGATES)
def test_half_a_surrogate_pair_is_refused_at_its_member(text, where):
    with pytest.raises(ParseError, match="half of a surrogate pair") as refused:
        parse_text(text, "x")
    assert (refused.value.line, refused.value.column) == where


def test_whole_pairs_and_escaped_backslashes_are_read():
    parsed = parse_text('{"a": "\\ud83d\\ude00 \\uD83D\\uDE00", "b": "\\\\ud800", "\\\\udc00": 1}', "x")
    assert parsed.data == {"a": "\U0001F600 \U0001F600", "b": "\\ud800", "\\udc00": 1}


def test_half_a_surrogate_pair_exits_2_in_one_line(cli, tmp_path):
    spec = tmp_path / "openapi.json"
    spec.write_text('{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},\n "paths": {"/a\\ud800": {}}}')
    code, out, err = cli("scan", str(spec), "--format", "json")
    assert code == 2 and out == ""
    assert err == f"dxscan: {spec}:2:12: invalid JSON: a string holds half of a surrogate pair (a \\uD800-\\uDFFF escape alone), which is not Unicode text\n"


def test_a_number_of_too_many_digits_is_refused_at_its_line(cli, tmp_path):
    """json.loads raises a bare ValueError past Python's 4,300-digit limit on int(); it once
    escaped as a traceback."""
    digits = "9" * 4301
    with pytest.raises(ParseError, match="a number has more than 4,300 digits") as refused:
        parse_text('{"a":\n  [1,\n   -' + digits + "]}", "x")
    assert (refused.value.line, refused.value.column) == (3, 5)
    assert parse_text('{"a": ' + "9" * 4300 + "}", "x").data == {"a": int("9" * 4300)}
    spec = tmp_path / "openapi.json"
    spec.write_text('{"openapi": "3.0.3", "x-n": ' + digits + "}")
    code, out, err = cli("scan", str(spec), "--format", "json")
    assert (code, out, err) == (2, "", f"dxscan: {spec}:1:29: invalid JSON: a number has more than 4,300 digits\n")
