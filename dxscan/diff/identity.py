"""When a finding of one version is the same finding in another: the one matching both the diff
(new and fixed findings) and a baseline (accepted findings) use.

In order: by fingerprint (rule, identity pointer, key: see `checks.engine.fingerprint`, which
survives reordering, a renamed path parameter and edits to other operations); then by any extra
keys the caller adds (the diff: the pointer a split spec names); then by rule and message (a
finding whose place moved but whose text did not); then, for a rule reported about the API as a
whole ("4 of 12 operations document no 401"), that finding and the same rule's per-operation
findings of the other version are one finding whose count changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from dxscan.checks.engine import fingerprint

API_WIDE = "@api-wide"  # the key of a finding about the API as a whole (checks.inventory.each_or_across)


class Identified(Protocol):
    fingerprint: str
    rule: str
    message: str


H = TypeVar("H", bound=Identified)
B = TypeVar("B", bound=Identified)
Key = Callable[[Any], Any]


def unmatched(head: Sequence[H], base: Sequence[B],
              extra: Sequence[tuple[Key, Key]] = ()) -> tuple[list[H], list[B]]:
    """(head findings with no partner in base, base findings with no partner in head)."""
    fresh, gone = _pair_off(list(head), list(base), _fingerprint, _fingerprint)
    for head_key, base_key in extra:
        if fresh and gone:
            fresh, gone = _pair_off(fresh, gone, head_key, base_key)
    fresh, gone = _pair_off(fresh, gone, _text, _text)
    return _api_wide(fresh, gone)


def is_api_wide(finding: Identified) -> bool:
    return finding.fingerprint == fingerprint(finding.rule, "", API_WIDE)


def _fingerprint(finding: Identified) -> str:
    return finding.fingerprint


def _text(finding: Identified) -> tuple[str, str]:
    return finding.rule, finding.message


def _pair_off(head: list[H], base: list[B], head_key: Key, base_key: Key) -> tuple[list[H], list[B]]:
    remaining = Counter(base_key(f) for f in base)
    fresh = [f for f in head if not _take(remaining, head_key(f))]
    gone = [f for f in base if _take(remaining, base_key(f))]
    return fresh, gone


def _take(counter: Counter, key: Any) -> bool:
    if counter[key] <= 0:
        return False
    counter[key] -= 1
    return True


def _api_wide(fresh: list[H], gone: list[B]) -> tuple[list[H], list[B]]:
    """A rule reported API-wide on one side and per operation on the other is one finding."""
    wide = {f.rule for f in [*fresh, *gone] if is_api_wide(f)}
    both = {rule for rule in wide if any(f.rule == rule for f in fresh) and any(f.rule == rule for f in gone)}
    return [f for f in fresh if f.rule not in both], [f for f in gone if f.rule not in both]
