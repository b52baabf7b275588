"""A slot's best candidates without ranking them all: the index that keeps inference linear.

Inference generates a list of candidates (producer fields) once for every slot with the same name,
entity and type, and each slot then keeps only its best few producers. Ranking the whole list for
every slot costs slots x candidates, the square of the API: on a 20 MB spec, 147,000 generations
and 1.8 million filter calls. A `Shortlist` indexes one generated list so that a slot walks it in
its own rank order and stops after the producers it can keep.

It relies on the shape of `infer.RankKey`: `shared` (the producer's common path prefix with the
slot's anchor) is the only part of the key that depends on the slot; everything before it (weak,
mention, tier, affinity) and after it depends on the candidate alone (`Inference._rank_parts`).
So the candidates are grouped by the fields before `shared`, and within a group by every prefix of
the producer's path, each bucket sorted by the fields after it. A slot visits the groups in order and, in each, the prefixes
of its anchor from the longest to the empty one: exactly the order `sorted()` would give.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

Path = tuple[str, ...]


class Shortlist:
    """One generated candidate list, indexed for walking in any slot's rank order."""

    def __init__(self, candidates: list[Any], parts_of: Callable[[Any], tuple[tuple, tuple]],
                 path_of: Callable[[Any], Path]):
        """PARTS_OF gives a candidate's rank key without `shared`: the fields before it and the
        fields after it; PATH_OF the producer's erased path. Each group is sorted once, then
        every candidate is appended to the bucket of each prefix of its path (each distinct path's
        prefixes made once): the buckets come out sorted."""
        self.path_of = path_of
        groups: dict[tuple, list[tuple[tuple, Any]]] = defaultdict(list)
        for candidate in candidates:
            head, rest = parts_of(candidate)
            groups[head].append((rest, candidate))
        prefixes: dict[Path, list[Path]] = {}
        self.groups: list[dict[Path, list[Any]]] = []
        for _, members in sorted(groups.items(), key=_head):
            members.sort(key=_order)
            buckets: dict[Path, list[Any]] = defaultdict(list)
            for _, candidate in members:
                path = path_of(candidate)
                steps = prefixes.get(path)
                if steps is None:
                    steps = prefixes[path] = [path[:depth] for depth in range(len(path) + 1)]
                for prefix in steps:
                    buckets[prefix].append(candidate)
            self.groups.append(dict(buckets))

    def walk(self, anchor: Path) -> Iterator[Any]:
        """The candidates in the rank order of a slot anchored at ANCHOR (best first)."""
        for buckets in self.groups:
            for depth in range(len(anchor), -1, -1):
                deeper = anchor[: depth + 1]
                for candidate in buckets.get(anchor[:depth], ()):
                    if depth == len(anchor) or self.path_of(candidate)[: depth + 1] != deeper:
                        yield candidate


def _head(group: tuple[tuple, list]) -> tuple:
    return group[0]


def _order(member: tuple[tuple, Any]) -> tuple:
    """The rank key's fields after `shared`, then the candidate itself (a `Ranked`'s second field):
    `sorted()`'s tie-break."""
    return member[0], member[1]


def best_per_producer(walk: Iterator[Any], wanted: int, producer_of: Callable[[Any], str]) -> list[Any]:
    """The first item of each producer along WALK, for the first WANTED producers."""
    kept: dict[str, Any] = {}
    for item in walk:
        if producer_of(item) not in kept:
            kept[producer_of(item)] = item
            if len(kept) == wanted:
                break
    return list(kept.values())
