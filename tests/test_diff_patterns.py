"""Which way a pattern moved (issue 12): relaxations are not tightenings; what cannot be decided is
"unknown", never "tightened"."""

from __future__ import annotations

import pytest

from dxscan.diff.patterns import RELAXED, SAME, TIGHTENED, UNKNOWN, pattern_direction

CASES = [
    ("^[a-z]+$", "^[A-Za-z]+$", RELAXED),  # a character class gains characters
    ("^[A-Za-z]+$", "^[a-z]+$", TIGHTENED),
    ("^[a-z]+$", "[a-z]+", RELAXED),  # anchors removed
    ("[a-z]+", "^[a-z]+$", TIGHTENED),
    (r"^\d{2,5}$", r"^\d{1,10}$", RELAXED),  # quantifier bounds
    (r"^\d{2,5}$", r"^\d{3,4}$", TIGHTENED),
    (r"^\d{2,5}$", r"^\d{1,4}$", UNKNOWN),
    ("^a+$", "^a*$", RELAXED),
    ("^(cat|dog)$", "^(cat|dog|bird)$", RELAXED),  # alternation
    ("^(cat|dog)$", "^(cat)$", TIGHTENED),
    ("^cat$", "^(cat|dog)$", RELAXED),
    ("^.+$", "^[a-z]+$", TIGHTENED),
    (r"^\w+$", "^[a-zA-Z0-9_]+$", TIGHTENED),
    ("^[a-z]+$", "^[0-9]+$", UNKNOWN),  # disjoint classes
    ("^abc", "^abd", UNKNOWN),
    ("^[a-z]+$", "^[A-Z]{2}$", UNKNOWN),  # wider class, narrower count
    ("(?=x)a", "a", UNKNOWN),
    ("^[a-z]+$", None, RELAXED),  # removed
    (None, "^a", TIGHTENED),  # added
    ("^a$", "^a$", SAME),
    ("^(a", "^a$", UNKNOWN),  # not a regular expression
]


@pytest.mark.parametrize(("before", "after", "expected"), CASES)
def test_pattern_direction(before, after, expected):
    assert pattern_direction(before, after) == expected
