"""Text -> data plus a position index, for one file.

JSON goes through the standard library's C parser, which also reports duplicate keys through its
pairs hook, and positions are found lazily (JsonPositions); YAML goes through libyaml's events
(`yaml_text`). A YAML parser on JSON text costs 50 times more (docs/performance.md), so the format
is sniffed first, and `yaml_text` (PyYAML, 12 ms to import) is imported only for YAML text.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
import sys
from collections.abc import Iterator
from typing import Any

from dxscan.load.text import DuplicateKey, ExpansionError, ParsedText, ParseError

_SPACE = re.compile(r"[ \t\n\r]*")
_TO_VALUE = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")  # from just after a key to its value
_TO_NEXT = re.compile(r"[ \t\n\r]*(?:,[ \t\n\r]*)?")  # from just after a value to the next one, or the closer


def parse_text(text: str, filename: str) -> ParsedText:
    """Parse JSON or YAML text. Raises ParseError with a line where the parser gives one."""
    text = text.removeprefix("\ufeff")
    if text.lstrip()[:1] in ("{", "["):
        return _parse_json(text)
    from dxscan.load.yaml_text import parse_yaml

    return parse_yaml(text)


def _parse_json(text: str) -> ParsedText:
    repeated: list[tuple[dict[str, Any], str]] = []
    strings: dict[str, str] = {}  # one object per distinct string value (keys already are)
    same = strings.setdefault

    def build_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        """A mapping whose string values are shared: GitHub's spec holds 139,000 of them but only
        13,000 distinct ones (types, formats, `$ref`s, repeated descriptions), a third of the
        memory the parsed document takes. Sharing costs time (GitHub 0.028 s, Stripe 0.011 s over
        a plain dict), but without it the 20x GitHub copy needs 120 MiB more, past 10^9 bytes.
        A loop, not a dict comprehension: in Python 3.11 a comprehension is a function of its own,
        called once per object (279,000 in the 10x Stripe copy: 0.35 s against 0.30 s)."""
        mapping = {}
        for key, value in pairs:
            if value.__class__ is str:
                value = same(value, value)
            mapping[key] = value
        if len(mapping) != len(pairs):
            repeated.extend((mapping, key) for key in _repeated_keys(pairs))
        return mapping

    try:
        data = json.loads(text, object_pairs_hook=build_object)
    except json.JSONDecodeError as error:
        without_comments = _blank_comments(text)
        if without_comments != text:  # JSON with comments (tsconfig's dialect): read with the comments blanked
            return _parse_json(without_comments)
        return _parse_not_json(text, error)
    except RecursionError:
        raise ParseError("invalid JSON: nested too deeply") from None
    except ValueError:  # not a JSONDecodeError: int() refused a number of too many digits
        raise _too_many_digits(text) from None
    parsed = ParsedText(data, "json", _json=JsonPositions(text), _text=text)
    if _lone_surrogate_escape(text):
        _refuse_lone_surrogates(parsed)
    parsed.duplicates = [_json_duplicate(parsed, data, mapping, key) for mapping, key in repeated]
    return parsed


def _too_many_digits(text: str) -> ParseError:
    """Python reads an integer of at most sys.get_int_max_str_digits() digits (4,300 by default:
    longer ones cost quadratic time); json.loads raises a bare ValueError past it."""
    limit = sys.get_int_max_str_digits()
    found = re.search(rf"\d{{{limit + 1},}}", text)
    if found is None:
        return ParseError(f"invalid JSON: a number has more than {limit:,} digits")
    offset = found.start()
    line, column = text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
    return ParseError(f"invalid JSON: a number has more than {limit:,} digits", line, column)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")  # \uD800-\uDFFF, half of a UTF-16 pair
_SURROGATE = re.compile("[\\ud800-\\udfff]")


def _lone_surrogate_escape(text: str) -> bool:
    """Does the text escape half of a surrogate pair alone (a high half without a low one after
    it, or a low one without a high one before it)? JSON lets it through, and Unicode has no
    character for it. A false alarm (an escaped backslash in front: the text `\\\\ud800`) costs
    only the walk that decides; a whole pair (a JSON writer's escaped emoji) costs nothing."""
    low_expected_at = -1
    for escape in _SURROGATE_ESCAPE.finditer(text):
        high = escape.group()[3] in "89abAB"
        if escape.start() == low_expected_at and not high:
            low_expected_at = -1
            continue
        if low_expected_at != -1 or not high:
            return True
        low_expected_at = escape.end()
    return low_expected_at != -1


def _refuse_lone_surrogates(parsed: ParsedText) -> None:
    """Refuse a document with half a surrogate pair in a key or string (no finding, report or
    cache entry holding one could be written as UTF-8), at the first member holding one, in the
    order of the text, as YAML does."""
    walking = [(_members(parsed.data), ())]
    while walking:
        members, tokens = walking[-1]
        for key, value in members:
            here = (*tokens, str(key))
            if (isinstance(key, str) and _SURROGATE.search(key)) or (isinstance(value, str) and _SURROGATE.search(value)):
                line, column = parsed.position(here)
                raise ParseError("invalid JSON: a string holds half of a surrogate pair (a \\uD800-\\uDFFF escape "
                                 "alone), which is not Unicode text", line, column)
            if isinstance(value, (dict, list)):
                walking.append((_members(value), here))
                break
        else:
            walking.pop()


def _members(node: dict[str, Any] | list[Any]) -> Iterator[tuple[str | int, Any]]:
    return iter(node.items()) if isinstance(node, dict) else enumerate(node)


# A JSON string, or a // or /* */ comment outside one.
_STRING_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?\*/', re.DOTALL)


def _blank_comments(text: str) -> str:
    """The text with each comment replaced by spaces (its newlines kept), so every line and column
    stays where it was."""
    def blank(match: re.Match[str]) -> str:
        found = match.group()
        return found if found.startswith('"') else re.sub(r"[^\n]", " ", found)

    return _STRING_OR_COMMENT.sub(blank, text) if "/" in text else text


def _repeated_keys(pairs: list[tuple[str, Any]]) -> list[str]:
    seen: set[str] = set()
    repeated = []
    for key, _ in pairs:
        if key in seen:
            repeated.append(key)
        seen.add(key)
    return repeated


def _parse_not_json(text: str, error: json.JSONDecodeError) -> ParsedText:
    """JSON is YAML, so a document that only YAML accepts (comments, trailing commas in flow
    style) is given to YAML before it is called broken."""
    from dxscan.load.yaml_text import parse_yaml

    try:
        return parse_yaml(text)
    except ExpansionError:
        raise
    except ParseError:
        raise ParseError(f"invalid JSON: {error.msg}", error.lineno, error.colno) from None


def _json_duplicate(parsed: ParsedText, data: Any, mapping: dict[str, Any], key: str) -> DuplicateKey:
    tokens = _find_object(data, mapping)
    offset = parsed._json.last_key_offset(tokens, key)
    line, column = parsed._offset_to_line_column(offset)
    return DuplicateKey(tokens, key, line, column)


def _find_object(data: Any, target: Any) -> tuple[str, ...]:
    """The tokens that lead to `target` (by identity); () when not found."""
    pending: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while pending:
        node, tokens = pending.pop()
        if node is target:
            return tokens
        if isinstance(node, dict):
            pending.extend((value, tokens + (key,)) for key, value in node.items())
        elif isinstance(node, list):
            pending.extend((value, tokens + (str(i),)) for i, value in enumerate(node))
    return ()


# The C scanner as `JsonPositions` uses it: only to find where a value ends. Each object it passes
# becomes its member count instead of a dict (`object_pairs_hook=len`): skipping the values no
# finding enters took half the time (GitHub's whole text: 0.057 s with dicts, 0.027 s without).
_SKIPPER = json.scanner.make_scanner(json.JSONDecoder(object_pairs_hook=len))
_HERE = None  # in `JsonPositions.offsets`' tree of paths, the key under which a path ending there is kept


class JsonPositions:
    """Finds where a pointer lands in JSON text, lazily: a container's members are indexed the
    first time a lookup passes through it, and values in between are skipped at C speed with the
    standard library's scanner. A finding needs a handful of containers, not all 300,000."""

    def __init__(self, text: str):
        self._text = text
        self._scan = _SKIPPER
        self._members: dict[int, dict[str, list[tuple[int, int]]]] = {}
        self._elements: dict[int, list[int]] = {}
        self._ends: dict[int, int] = {}  # container offset -> offset just after it

    def offset(self, tokens: tuple[str, ...]) -> int:
        """Offset of the key (for a member) or value (for an element) of the deepest existing node."""
        value_at = self._skip_space(0)
        found_at = value_at
        for token in tokens:
            step = self._step(value_at, token)
            if step is None:
                break
            found_at, value_at = step
        return found_at

    def offsets(self, many_tokens: list[tuple[str, ...]]) -> list[int]:
        """`offset` of each of these, found in one pass over the text.

        Looked up one by one, each level's index skips its members' values with the C scanner,
        which parses them: the text under the root is parsed again for every level of depth
        (0.2 s for 3,000 findings on Stripe's spec). Walking the paths together, a value is either
        skipped once (no path enters it) or indexed on the way (a path does), and each path's
        offset is noted as the walk passes it instead of walking from the root again for each.
        A path the walk does not reach whole (a node missing, a token such as `01` that names an
        element another way) is walked alone, as `offset` does.
        """
        needed: dict[Any, Any] = {}
        for tokens in many_tokens:
            branch = needed
            for token in tokens:
                branch = branch.get(token) or branch.setdefault(token, {})
            branch[_HERE] = tokens
        found: dict[tuple[str, ...], int] = {}
        start = self._skip_space(0)
        if start < len(self._text):
            here = needed.get(_HERE)
            if here is not None:
                found[here] = start
            if len(needed) > (here is not None) and self._text[start] in "{[":
                self._along(start, needed, found)
        return [found[tokens] if tokens in found else self.offset(tokens) for tokens in many_tokens]

    def _along(self, start: int, needed: dict[Any, Any], found: dict[tuple[str, ...], int]) -> int:
        """Note the offset of each path in `needed` through the container at `start`, indexing it
        (`_index_along`) unless an earlier walk did; returns the offset just after it."""
        end = self._ends.get(start)
        if end is None:
            return self._index_along(start, needed, found)
        members = self._members.get(start)
        for token, below in needed.items():
            if token is _HERE:
                continue
            if members is not None:
                occurrences = members.get(token)
                if occurrences is None:
                    continue
                found_at, value_at = occurrences[0]
            else:
                elements = self._elements[start]
                if not token.isdigit() or str(int(token)) != token or int(token) >= len(elements):
                    continue
                found_at = value_at = elements[int(token)]
            self._enter(found_at, value_at, below, found)
        return end

    def _index_along(self, start: int, needed: dict[Any, Any], found: dict[tuple[str, ...], int]) -> int:
        """Index the container at `start` and, recursively, its members named in `needed`, noting
        the offsets of the paths that end at them; returns the offset just after the container.
        (It runs for every member of every container a finding's pointer passes: 20,000 on
        Stripe's 3,000 findings, hence the regular expressions that step from a key to its value
        and from a value to the next.) Only the first of duplicate keys is entered, as `offset`
        steps through it alone."""
        text = self._text
        to_next, skip = _TO_NEXT.match, self._scan
        index = _SPACE.match(text, start + 1).end()
        if text[start] == "{":
            members: dict[str, list[tuple[int, int]]] = {}
            to_value, scanstring = _TO_VALUE.match, json.decoder.scanstring
            while text[index] != "}":
                key, after_key = scanstring(text, index + 1)
                value_at = to_value(text, after_key).end()
                below = needed.get(key)
                if key in members:
                    members[key].append((index, value_at))
                    below = None
                else:
                    members[key] = [(index, value_at)]
                end = None if below is None else self._enter(index, value_at, below, found)
                index = to_next(text, skip(text, value_at)[1] if end is None else end).end()
            self._members[start] = members
        else:
            elements: list[int] = []
            while text[index] != "]":
                below = needed.get(str(len(elements))) if needed else None
                elements.append(index)
                end = None if below is None else self._enter(index, index, below, found)
                index = to_next(text, skip(text, index)[1] if end is None else end).end()
            self._elements[start] = elements
        self._ends[start] = index + 1
        return index + 1

    def _enter(self, found_at: int, value_at: int, below: dict[Any, Any], found: dict[tuple[str, ...], int]) -> int | None:
        """A member that paths enter (`found_at`: its key's offset, or the element's): note the
        offset of a path that ends there, and walk the paths that go deeper into the value at
        `value_at` (`_along`); returns the offset just after the value, or None when no path
        goes into it (the caller skips it, or does not need its end)."""
        here = below.get(_HERE)
        if here is not None:
            found[here] = found_at
        if len(below) > (here is not None) and self._text[value_at] in "{[":
            return self._along(value_at, below, found)
        return None

    def last_key_offset(self, tokens: tuple[str, ...], key: str) -> int:
        value_at = self._value_offset(tokens)
        if value_at is None or self._text[value_at] != "{":
            return self.offset(tokens)
        occurrences = self._object_members(value_at).get(key)
        return occurrences[-1][0] if occurrences else value_at

    def _value_offset(self, tokens: tuple[str, ...]) -> int | None:
        value_at = self._skip_space(0)
        for token in tokens:
            step = self._step(value_at, token)
            if step is None:
                return None
            value_at = step[1]
        return value_at

    def _step(self, value_at: int, token: str) -> tuple[int, int] | None:
        opener = self._text[value_at] if value_at < len(self._text) else ""
        if opener == "{":
            occurrences = self._object_members(value_at).get(token)
            return occurrences[0] if occurrences else None
        if opener == "[" and token.isdigit():
            elements = self._array_elements(value_at)
            if int(token) < len(elements):
                return elements[int(token)], elements[int(token)]
        return None

    def _object_members(self, start: int) -> dict[str, list[tuple[int, int]]]:
        if start not in self._members:
            self._index_along(start, {}, {})
        return self._members[start]

    def _array_elements(self, start: int) -> list[int]:
        if start not in self._elements:
            self._index_along(start, {}, {})
        return self._elements[start]

    def _skip_space(self, index: int) -> int:
        return _SPACE.match(self._text, index).end()
