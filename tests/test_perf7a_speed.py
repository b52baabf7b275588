"""Issue 14, seventh pass (the graph's analyses after it is built): what the speed work must not
change. near-duplicate-schemas now judges pairs of schemas a class at a time (every pair between
two groups of equal (property, type) sets, or within one), falling back to one pair at a time past
the pair budget; both ways must name the same copies with the same partners."""

from __future__ import annotations

import random
from types import SimpleNamespace

from dxscan.graph import analysis

SCHEMAS = "/components/schemas/"
ROLES = [None, frozenset(), frozenset({"response"}), frozenset({"create"}), frozenset({"create", "response"}),
         frozenset({"update"})]


def _case(seed: int) -> tuple[dict, dict, SimpleNamespace, float]:
    """Schemas drawn from a few sets (some equal, some near), each with random kin: references to
    other schemas, allOf bases, roles and name stems, so that classes with and without variants occur."""
    rnd = random.Random(seed)
    tokens = [(f"p{i}", rnd.choice(["string", "integer"])) for i in range(rnd.randint(6, 14))]
    sets = [frozenset(rnd.sample(tokens, rnd.randint(2, len(tokens)))) for _ in range(rnd.randint(1, 5))]
    sets += [found | {("x", "string")} for found in sets[:2]]
    prints = {f"{SCHEMAS}S{n:02d}": rnd.choice(sets) for n in range(rnd.randint(2, 40))}
    pointers = list(prints)
    kin = {p: analysis._Kin(tuple(rnd.sample(pointers, rnd.choice([0, 0, 0, 1, 2]))),
                            frozenset(rnd.sample(["b1", "b2", "b3"], rnd.choice([0, 0, 0, 1]))), rnd.choice(ROLES),
                            rnd.choice([(), ("a",), ("b",), ("c", "d")]) if rnd.random() < 0.5 else (p,))
           for p in pointers}
    graph = SimpleNamespace(fan_in={p: rnd.randint(0, 3) for p in pointers if rnd.random() < 0.5})
    return prints, kin, graph, rnd.choice([0.5, 0.8, 0.9, 1.0])


def test_copies_found_by_classes_are_those_found_pair_by_pair():
    clean = {True: 0, False: 0}
    judge = analysis._clean

    def counted(*args):
        found = judge(*args)
        clean[found] += 1
        return found

    analysis._clean = counted
    try:
        reported = 0
        for seed in range(300):
            prints, kin, graph, threshold = _case(seed)

            def kin_of(pointers, kin=kin):
                return {p: kin[p] for p in pointers}

            one = analysis._pairwise_copies(prints, analysis._similar_pairs(prints, threshold), kin_of, graph)
            two = analysis._grouped_copies(prints, analysis._pair_classes(prints, threshold), kin_of, graph)
            assert sorted(one, key=repr) == sorted(two, key=repr), seed
            reported += len(one)
    finally:
        analysis._clean = judge
    assert reported == 5084
    assert clean == {True: 298, False: 1001}  # both ways through `_grouped_copies` taken  # both ways through `_grouped_copies` taken


def test_classes_give_way_to_pairs_at_the_budget():
    """150 equal sets: 11,175 pairs, under the budget of 14,500, one class; 200: 19,900 pairs, over
    16,000, so none (`duplicates` then takes the pairs `_candidates` reaches)."""
    def alike(count: int) -> dict[str, frozenset]:
        shared = frozenset((f"p{i}", "string") for i in range(6))
        return {f"{SCHEMAS}S{n:03d}": shared for n in range(count)}

    classes = analysis._pair_classes(alike(150), 0.8)
    assert [(len(found.first), found.second, found.similarity) for found in classes] == [(150, None, 1.0)]
    assert analysis._pair_classes(alike(200), 0.8) is None
