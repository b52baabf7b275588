"""Issue 14, eighth pass (the analyses after the graph is built): near-duplicate-schemas filters
and scores each pair of distinct (property, type) sets once, then pairs their schemas. It must find
exactly the pairs that comparing every two schemas finds, while under the pair budget."""

from __future__ import annotations

import math
import random
from collections import Counter
from itertools import chain, combinations

import pytest

from dxscan.graph import analysis


def _random_prints(rng: random.Random, count: int, repeat: float) -> dict[str, frozenset]:
    """COUNT schemas over twelve (property, type) pairs; with chance REPEAT a schema repeats an
    earlier schema's set (one object, as `_fingerprints` makes equal sets), as a copied API does."""
    pool = [(f"p{index}", rng.choice(["string", "integer"])) for index in range(12)]
    made: list[frozenset] = []
    prints = {}
    for number in range(count):
        if made and rng.random() < repeat:
            tokens = rng.choice(made)
        else:
            tokens = frozenset(rng.sample(pool, rng.randint(2, 9)))
            made.append(tokens)
        prints[f"/components/schemas/S{rng.randint(0, 999)}_{number}"] = tokens
    return prints


def _every_pair(prints: dict[str, frozenset], threshold: float) -> list[tuple[str, str, float]]:
    """Every two schemas compared: the pairs both similarities put at or over the threshold, each
    pair's smaller schema (then the lower pointer) first."""
    frequency = Counter(chain.from_iterable(prints.values()))
    weight = {token: math.log((1 + len(prints)) / count) for token, count in frequency.items()}
    ordered = sorted(prints, key=lambda p: (len(prints[p]), p))
    found = []
    for a, b in combinations(ordered, 2):
        similarity = analysis._similarity(prints[a], prints[b], weight, threshold)
        if similarity is not None:
            found.append((a, b, similarity))
    return sorted(found)


@pytest.mark.parametrize("seed", range(40))
def test_similar_pairs_are_those_every_pair_compared_finds(seed):
    rng = random.Random(seed)
    prints = _random_prints(rng, rng.randint(1, 60), rng.random())
    for threshold in (0.4, 0.6, 0.8, 1.0):
        assert analysis._similar_pairs(prints, threshold) == _every_pair(prints, threshold)


def test_copies_of_one_set_are_paired_once_each_and_with_the_other_sets():
    """Three copies of one set beside a superset of it: the copies' three pairs, and each copy
    with the superset (smaller first), scored once for the two sets."""
    small = frozenset({("id", "string"), ("name", "string"), ("tag", "string"), ("size", "integer")})
    large = small | {("legs", "integer")}
    prints = {"/c/B": small, "/c/A": small, "/c/C": small, "/c/Big": large}
    assert [(a, b, round(similarity, 4)) for a, b, similarity in analysis._similar_pairs(prints, 0.3)] == [
        ("/c/A", "/c/B", 1.0), ("/c/A", "/c/Big", 0.3567), ("/c/A", "/c/C", 1.0),
        ("/c/B", "/c/Big", 0.3567), ("/c/B", "/c/C", 1.0), ("/c/C", "/c/Big", 0.3567),
    ]


def test_the_budget_counts_pairs_of_schemas_not_of_sets():
    """Two sets of 2,000 schemas each, sharing nine of their ten properties: two pairs of sets,
    but 4 million candidate pairs of schemas; exactly the budget's worth are compared (the first
    set's copies among themselves, each pair once)."""
    first = frozenset((f"p{index}", "string") for index in range(10))
    second = first - {("p0", "string")} | {("q", "string")}
    prints = {f"/components/schemas/A{number}": first for number in range(2000)}
    prints |= {f"/components/schemas/B{number}": second for number in range(2000)}
    found = analysis._similar_pairs(prints, 0.8)
    assert len(found) == analysis.PAIR_BUDGET_BASE + analysis.PAIR_BUDGET_EACH * 4000
    assert len({(a, b) for a, b, _ in found}) == len(found)
    assert all(a < b and "/A" in a and "/A" in b and similarity == 1.0 for a, b, similarity in found)
