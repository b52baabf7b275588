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


def _parts(candidate: Candidate, paths: dict[str, tuple[str, ...]]) -> tuple[tuple, tuple]:
    """The key's fields before `shared` and after it."""
    key = _key(candidate, (), paths)
    cut = RankKey._fields.index("shared")
    return key[:cut], key[cut + 1:]


def test_walk_is_the_sorted_order_for_every_anchor():
    candidates, paths = _candidates(300)
    shortlist = Shortlist(candidates, lambda c: (*_parts(c, paths), paths[c.op]))
    for anchor in PATHS + [("pets", "{}", "other")]:
        expected = [r.offer for r in sorted(Ranked(_key(c, anchor, paths), c) for c in candidates)]
        assert list(shortlist.walk(anchor)) == expected


def test_ranked_gives_each_candidates_rank_key_in_three_parts():
    candidates, paths = _candidates(300)
    shortlist = Shortlist(candidates, lambda c: (*_parts(c, paths), paths[c.op]))
    cut = RankKey._fields.index("shared")
    for anchor in PATHS + [("pets", "{}", "other")]:
        ranked = list(shortlist.ranked(anchor))
        assert [(*head, -shared, *rest) for head, shared, rest, _ in ranked] == [_key(c, anchor, paths) for *_, c in ranked]
        assert [c for *_, c in ranked] == list(shortlist.walk(anchor))
        assert len(ranked) == 300 and {len(head) for head, *_ in ranked} == {cut}


def test_firsts_keep_what_best_per_producer_keeps():
    """`_firsts` keeps each producer's best candidate: walking what it keeps gives a slot at any
    anchor the same producers and offers as sorting all the candidates by the slot's rank key."""
    from dxscan.graph.infer import Inference, _firsts
    from dxscan.load.loader import load
    from dxscan.scan.pipeline import as_openapi
    from tests.conftest import FIXTURES

    inference = Inference(as_openapi(load(str(FIXTURES / "bookshop.yaml"))))
    chance = random.Random(11)
    ops = sorted(inference.ops)
    candidates = [inference._candidate(chance.choice(ops), chance.choice(("200", "201")), f"/{chance.randrange(3)}", "#/p",
                                       chance.randrange(1, 4), chance.choice((0.9, 0.7, 0.4)), "", own=chance.random() < 0.5,
                                       field_rank=chance.randrange(3), depth=chance.randrange(3), affinity=chance.randrange(2))
                  for _ in range(400)]
    kept = _firsts(candidates)
    shortlist = Shortlist(kept, inference._rank_parts)
    slot = next(slot for _, slot in sorted(inference.slots.items()))
    anchors = {info.erased[:depth] for info in inference.ops.values() for depth in range(len(info.erased) + 1)}
    for anchor in sorted(anchors | {("other",), ("books", "{}", "other")}):
        anchored = slot._replace(anchor=anchor)
        expected = [r.offer for r in sorted(inference._ranked(anchored, c) for c in candidates)]
        for allowed in (None, lambda c: c.op != "op:GET /books"):
            for wanted in (1, 3, 5):
                assert best_per_producer(shortlist.walk(anchor), wanted, lambda c: c.op, allowed) == \
                    best_per_producer(iter(expected), wanted, lambda c: c.op, allowed)
    assert len(ops) == 5 and len(anchors) == 5 and len(kept) == 5  # of 400: one per producer


def test_best_per_producer_keeps_the_first_of_each_up_to_the_wanted_number():
    walk = iter([("a", 1), ("b", 2), ("a", 3), ("c", 4), ("d", 5)])
    assert best_per_producer(walk, 3, lambda item: item[0]) == [("a", 1), ("b", 2), ("c", 4)]
    assert best_per_producer(iter([("a", 1), ("a", 2)]), 3, lambda item: item[0]) == [("a", 1)]


def test_rank_parts_are_the_rank_key_without_shared():
    from dxscan.graph.infer import Inference
    from dxscan.load.loader import load
    from dxscan.scan.pipeline import as_openapi
    from tests.conftest import FIXTURES

    inference = Inference(as_openapi(load(str(FIXTURES / "bookshop.yaml"))))
    slots = [slot for _, slot in sorted(inference.slots.items())]
    candidates = [inference._candidate(op, "200", "/id", "#/p", tier, confidence, "", own=own, field_rank=1, depth=2, affinity=1)
                  for op in sorted(inference.ops) for tier in (1, 2) for confidence in (0.9, 0.4) for own in (True, False)]
    cut = RankKey._fields.index("shared")
    for slot in slots:
        for candidate in candidates:
            key = inference._ranked(slot, candidate).key
            assert inference._rank_parts(candidate) == (key[:cut], key[cut + 1:], inference.ops[candidate.op].erased)
    assert len(slots) == 2 and len(candidates) == 40  # 5 operations x 2 tiers x 2 confidences x own or not
