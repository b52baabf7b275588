"""perf7l: the findings' positions found in one walk, identities worked on escaped pointers, the
child's findings packed in one pass. Each is held equal to the way it was found before."""

from __future__ import annotations

from dxscan import pointer as jp
from dxscan.checks.engine import identity_pointer
from dxscan.load.loader import load
from dxscan.load.parse import parse_text
from tests.conftest import FIXTURES
from tests.test_perf2_speed import _walked

ROOT = FIXTURES / "perf7" / "openapi.json"


def _every_pointer(node, pointer=""):
    yield pointer
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _every_pointer(value, jp.child(pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _every_pointer(value, jp.child(pointer, index))


def _one_by_one(loaded, pointer):
    """Where `locate_all` put a pointer before it found them together: its file and tokens, then
    the walk from the root of that file's text for this pointer alone."""
    file, tokens = loaded._physical(pointer)
    line, column = loaded.files[file].position(tokens)
    return file, line, column


def test_positions_found_together_equal_those_found_one_by_one_across_files():
    loaded = load(str(ROOT))
    pointers = list(_every_pointer(loaded.document))
    pointers += [pointer + "/missing" for pointer in pointers[::3]] + ["/paths/~1plain/get/parameters/01", "/tags/9"]
    expected = {pointer: _one_by_one(load(str(ROOT)), pointer) for pointer in pointers}
    located = loaded.locate_all(pointers)
    assert {pointer: (where.file, where.line, where.column) for pointer, where in located.items()} == expected
    assert expected["/paths/~1items~1{id}/get/parameters/0/name"][0].endswith("items.json")
    assert expected["/paths/~1items~1{id}/get/parameters/0/name"][1:] == (3, 35)
    assert expected["/paths/~1plain/get/responses/200/description"][1:] == (13, 31)  # the first of the two
    again = loaded.locate_all(pointers[1::2])  # through what the first batch indexed
    assert {pointer: (where.file, where.line, where.column) for pointer, where in again.items()} == {
        pointer: expected[pointer] for pointer in pointers[1::2]}


def test_lines_counted_between_offsets_equal_the_line_starts():
    text = '{\n"a": [1,\n\n  2, {"b":\r\n 3}],\n  "c": "\\n"\n}\n'
    parsed = parse_text(text, "x.json")
    paths = [(), ("a",), ("a", "0"), ("a", "1"), ("a", "2", "b"), ("c",), ("c", "x")]
    assert parse_text(text, "x.json").positions(paths) == [parsed.position(tokens) for tokens in paths]
    assert parsed.positions(paths) == [(1, 1), (2, 1), (2, 7), (4, 3), (4, 7), (6, 3), (6, 3)]
    compact = '{"a":[1,2,{"b":3}],"c":"\\n"}\n'  # one line, then its newline: columns of line 1 at once
    alone = parse_text(compact, "x.json")
    assert parse_text(compact, "x.json").positions(paths) == [alone.position(tokens) for tokens in paths]
    assert alone.positions(paths) == [(1, 1), (1, 2), (1, 7), (1, 9), (1, 12), (1, 20), (1, 20)]


def test_identity_of_listed_and_odd_pointers_equals_the_full_walk():
    document = load(str(ROOT)).document
    pointers = list(_every_pointer(document))
    variants = [pointer.replace("/parameters/", "/parameters/0") for pointer in pointers] + [
        "//paths/~1plain/get/parameters/1", "/paths/~1plain/get/parameters/1/x~2y", "/tags/1/allOf/0",
        "/paths/~1plain/get/parameters/7", "/components/schemas/a~0b/allOf/0/parameters/0", "/tags/01"]
    compared = {pointer: identity_pointer(document, pointer) for pointer in pointers + variants}
    assert compared == {pointer: _walked(document, pointer) for pointer in compared}
    assert compared["/paths/~1plain/get/parameters/1"] == "/paths/~1plain/get/parameters/header:x-trace"
    assert compared["/paths/~1plain/get/parameters/0"] == "/paths/~1plain/get/parameters/query:limit"
    assert compared["/paths/~1items~1{id}/get/parameters/0/name"] == "/paths/~1items~1{}/get/parameters/path:#0/name"
    assert compared["/components/schemas/a~0b/allOf/0"] == "/components/schemas/a~0b/allOf/#~1components~1schemas~1c~1d"
