"""Which way a `pattern` moved: does the new regular expression accept more strings (relaxed),
fewer (tightened), or is it not decidable here (unknown)?

Both patterns are parsed (Python's own regular-expression parser; ECMA-262 patterns as OpenAPI
writes them parse the same for the constructs compared) and walked side by side. Decided: a
character class that gains or loses characters (`[a-z]` -> `[A-Za-z]`), `.`, `\\d`, `\\w`; a
quantifier whose bounds widen or narrow (`{2,5}` -> `{1,10}`, `+` -> `*`); an alternation that gains
or loses branches; a `^` or `$` anchor removed or added. Anything else (two edits pulling in
opposite directions, sequences of different shapes, look-arounds, back-references) is unknown.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+: the parser moved; the old name still works with a warning
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

RELAXED, TIGHTENED, UNKNOWN, SAME = "relaxed", "tightened", "unknown", "same"
_UNIVERSE = [chr(code) for code in (*range(0x250), 0x391, 0x3B1, 0x416, 0x436, 0x4E2D, 0x3042, 0x1F600)]
_CATEGORY = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_WORD: r"\w",
             _c.CATEGORY_NOT_WORD: r"\W", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_SPACE: r"\S"}
_MAXREPEAT = _c.MAXREPEAT


def pattern_direction(before: str | None, after: str | None) -> str:
    """RELAXED, TIGHTENED, UNKNOWN or SAME for a pattern that changed from `before` to `after`
    (None: no pattern)."""
    if before == after:
        return SAME
    if after is None:
        return RELAXED
    if before is None:
        return TIGHTENED
    try:
        left, right = _p.parse(before), _p.parse(after)
    except (re.error, RecursionError, OverflowError, ValueError):
        return UNKNOWN
    return _sequence(list(left), list(right))


def _combine(directions: list[str]) -> str:
    found = set(directions) - {SAME}
    if not found:
        return SAME
    return found.pop() if len(found) == 1 else UNKNOWN


def _sequence(left: list[Any], right: list[Any]) -> str:
    """Two parsed sequences: anchors at the ends compared apart, the rest item by item."""
    anchors = [_anchor(left, right, 0, _c.AT_BEGINNING), _anchor(left, right, -1, _c.AT_END)]
    left, right = _strip(left), _strip(right)
    if _is_branch(left) or _is_branch(right):
        return _combine([*anchors, _branches(_whole(left), _whole(right))])
    if len(left) != len(right):
        return UNKNOWN
    return _combine([*anchors, *(_item(a, b) for a, b in zip(left, right))])


def _anchor(left: list[Any], right: list[Any], end: int, at: Any) -> str:
    had, has = _anchored(left, end, at), _anchored(right, end, at)
    return SAME if had == has else (RELAXED if had else TIGHTENED)


def _anchored(items: list[Any], end: int, at: Any) -> bool:
    if not items:
        return False
    op, value = items[end]
    return op is _c.AT and value in (at, _c.AT_BEGINNING_STRING if at is _c.AT_BEGINNING else _c.AT_END_STRING)


def _is_branch(items: list[Any]) -> bool:
    return len(items) == 1 and items[0][0] is _c.BRANCH


def _whole(items: list[Any]) -> list[Any]:
    """A sequence as a list of alternatives: a branch's branches, or itself."""
    return _alternatives(items[0]) if _is_branch(items) else [_canonical(items)]


def _strip(items: list[Any]) -> list[Any]:
    items = list(items)
    if items and _anchored(items, 0, _c.AT_BEGINNING):
        items = items[1:]
    if items and _anchored(items, -1, _c.AT_END):
        items = items[:-1]
    if len(items) == 1 and items[0][0] is _c.SUBPATTERN:  # ^(...)$: the group's own items
        return list(items[0][1][-1])
    return items


def _item(a: tuple[Any, Any], b: tuple[Any, Any]) -> str:
    if a == b:
        return SAME
    (op_a, value_a), (op_b, value_b) = a, b
    charset_a, charset_b = _charset(a), _charset(b)
    if charset_a is not None and charset_b is not None:
        return _sets(charset_a, charset_b)
    if op_a in (_c.MAX_REPEAT, _c.MIN_REPEAT) and op_b in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        return _repeat(value_a, value_b)
    if op_a is _c.SUBPATTERN and op_b is _c.SUBPATTERN:
        return _sequence(list(value_a[-1]), list(value_b[-1]))
    if op_a is _c.BRANCH or op_b is _c.BRANCH:
        return _branches(_alternatives(a), _alternatives(b))
    return UNKNOWN


def _repeat(a: tuple[Any, Any, Any], b: tuple[Any, Any, Any]) -> str:
    low_a, high_a, body_a = a
    low_b, high_b, body_b = b
    bounds = SAME
    if (low_a, high_a) != (low_b, high_b):
        wider = low_b <= low_a and _high(high_b) >= _high(high_a)
        narrower = low_b >= low_a and _high(high_b) <= _high(high_a)
        bounds = RELAXED if wider else TIGHTENED if narrower else UNKNOWN
    return _combine([bounds, _sequence(list(body_a), list(body_b))])


def _high(value: Any) -> float:
    return float("inf") if value is _MAXREPEAT or value == _MAXREPEAT else value


def _alternatives(item: tuple[Any, Any]) -> list[Any]:
    op, value = item
    if op is _c.BRANCH:
        return [_canonical(branch) for branch in value[1]]
    return [_canonical([item])]


def _branches(a: list[Any], b: list[Any]) -> str:
    """Alternations as sets of branches: branches only added relax, only removed tighten."""
    return _sets(frozenset(a), frozenset(b))


def _canonical(node: Any) -> Any:
    """A parsed pattern as nested tuples, comparable by value (parser objects compare by identity)."""
    if isinstance(node, (_p.SubPattern, list, tuple)):
        return tuple(_canonical(part) for part in node)
    return repr(node) if not isinstance(node, (int, str, type(None))) else node


def _charset(item: tuple[Any, Any]) -> frozenset[str] | None:
    """The characters one item matches (over a sample of code points), or None if not one character."""
    op, value = item
    if op is _c.LITERAL:
        return frozenset([chr(value)])
    if op is _c.NOT_LITERAL:
        return frozenset(ch for ch in _UNIVERSE if ord(ch) != value)
    if op is _c.ANY:
        return frozenset(ch for ch in _UNIVERSE if ch != "\n")
    if op is _c.IN:
        return _class(value)
    return None


def _class(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    negate = bool(items) and items[0][0] is _c.NEGATE
    chosen: set[str] = set()
    for op, value in items[1:] if negate else items:
        if op is _c.LITERAL:
            chosen.add(chr(value))
        elif op is _c.RANGE:
            chosen.update(ch for ch in _UNIVERSE if value[0] <= ord(ch) <= value[1])
        elif op is _c.CATEGORY and value in _CATEGORY:
            test = re.compile(_CATEGORY[value])
            chosen.update(ch for ch in _UNIVERSE if test.fullmatch(ch))
        else:
            return None
    return frozenset(ch for ch in _UNIVERSE if ch not in chosen) if negate else frozenset(chosen)


def _sets(a: frozenset[Any], b: frozenset[Any]) -> str:
    """Two sets of what a pattern accepts: a superset relaxes, a subset tightens."""
    if a == b:
        return SAME
    if a <= b:
        return RELAXED
    if b <= a:
        return TIGHTENED
    return UNKNOWN
