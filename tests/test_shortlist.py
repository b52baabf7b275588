"""The shortlist walks a slot's candidates in exactly the order sorting them all would give."""

from __future__ import annotations

import random

from dxscan.graph.infer import Candidate, Ranked, RankKey, _common_prefix
from dxscan.graph.shortlist import Shortlist, best_per_producer

PATHS = [(), ("pets",), ("pets", "{}"), ("pets", "{}", "toys"), ("owners",), ("owners", "{}", "pets"), ("pets", "{}", "toys", "{}")]


def _candidates(count: int) -> tuple[list[Candidate], dict[str, tuple[str, ...]]]:
    chance = random.Random(7)
    paths = {f"op:GET /{i}": chance.choice(PATHS) for i in range(12)}
    candidates = [Candidate(chance.choice(sorted(paths)), "200", f"/{chance.randrange(4)}", "#/p", chance.randrange(1, 4),
                            chance.choice((0.9, 0.4)), "", own=chance.random() < 0.5, field_rank=chance.randrange(3),
                            depth=chance.randrange(3), affinity=chance.randrange(2))
                  for _ in range(count)]
    return candidates, paths


def _key(candidate: Candidate, anchor: tuple[str, ...], paths: dict[str, tuple[str, ...]]) -> RankKey:
    return RankKey(candidate.confidence < 0.5, 0 if candidate.own else 1, candidate.tier, -candidate.affinity,
                   -_common_prefix(paths[candidate.op], anchor), 0, -candidate.confidence, 0, candidate.field_rank,
                   candidate.depth, candidate.op, candidate.access)


def test_walk_is_the_sorted_order_for_every_anchor():
    candidates, paths = _candidates(300)
    shortlist = Shortlist(candidates, lambda c: _key(c, (), paths), lambda c: paths[c.op])
    for anchor in PATHS + [("pets", "{}", "other")]:
        expected = [r.offer for r in sorted(Ranked(_key(c, anchor, paths), c) for c in candidates)]
        assert list(shortlist.walk(anchor)) == expected


def test_best_per_producer_keeps_the_first_of_each_up_to_the_wanted_number():
    walk = iter([("a", 1), ("b", 2), ("a", 3), ("c", 4), ("d", 5)])
    assert best_per_producer(walk, 3, lambda item: item[0]) == [("a", 1), ("b", 2), ("c", 4)]
    assert best_per_producer(iter([("a", 1), ("a", 2)]), 3, lambda item: item[0]) == [("a", 1)]
