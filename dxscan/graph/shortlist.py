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
                 path_of: Callable[[Any], Path], first_of: Callable[[Any], Any] | None = None):
        """PARTS_OF gives a candidate's rank key without `shared`: the fields before it and the
        fields after it; PATH_OF the producer's erased path. Each group is sorted once, then
        every candidate is appended to the bucket of each prefix of its path (each distinct path's
        prefixes made once): the buckets come out sorted. With FIRST_OF (a producer), a group keeps
        only the first of the candidates it gives one value, when they share a path and a walk's
        reader keeps only the first of each (`best_per_producer`): a walk then yields that one."""
        groups: dict[tuple, list[tuple[tuple, Any]]] = defaultdict(list)
        for candidate in candidates:
            head, rest = parts_of(candidate)
            groups[head].append((rest, candidate))
        prefixes: dict[Path, list[Path]] = {}
        self.groups: list[tuple[tuple, dict[Path, list[tuple[Path, tuple, Any]]]]] = []
        for head, members in sorted(groups.items(), key=_head):
            if first_of is not None:
                members = _firsts(members, first_of)
            members.sort()  # by the key's fields after `shared`, then by the candidate: `sorted()`'s tie-break
            buckets: dict[Path, list[tuple[Path, tuple, Any]]] = defaultdict(list)
            for rest, candidate in members:
                path = path_of(candidate)
                steps = prefixes.get(path)
                if steps is None:
                    steps = prefixes[path] = [path[:depth] for depth in range(len(path) + 1)]
                entry = (path, rest, candidate)
                for prefix in steps:
                    buckets[prefix].append(entry)
            self.groups.append((head, dict(buckets)))

    def walk(self, anchor: Path) -> Iterator[Any]:
        """The candidates in the rank order of a slot anchored at ANCHOR (best first)."""
        for *_, candidate in self.ranked(anchor):
            yield candidate

    def ranked(self, anchor: Path) -> Iterator[tuple[tuple, int, tuple, Any]]:
        """`walk`, each candidate with its rank key for the slot in three parts: the fields before
        `shared`, `shared` itself (the length of the common prefix of its path and ANCHOR: the
        depth of the bucket it comes from) and the fields after it."""
        top = len(anchor)
        for head, buckets in self.groups:
            for _, rest, candidate in buckets.get(anchor, ()):
                yield head, top, rest, candidate
            for depth in range(top - 1, -1, -1):
                step = anchor[depth]
                for path, rest, candidate in buckets.get(anchor[:depth], ()):
                    if len(path) <= depth or path[depth] != step:
                        yield head, depth, rest, candidate


def _head(group: tuple[tuple, list]) -> tuple:
    return group[0]


def _firsts(members: list[tuple[tuple, Any]], first_of: Callable[[Any], Any]) -> list[tuple[tuple, Any]]:
    """The least member (key fields after `shared`, candidate) of each FIRST_OF value."""
    first: dict[Any, tuple[tuple, Any]] = {}
    for member in members:
        key = first_of(member[1])
        kept = first.get(key)
        if kept is None or member < kept:
            first[key] = member
    return list(first.values())


def best_per_producer(walk: Iterator[Any], wanted: int, producer_of: Callable[[Any], str],
                      allowed: Callable[[Any], bool] | None = None) -> list[Any]:
    """The first item of each producer along WALK, for the first WANTED producers; with ALLOWED,
    the first it allows (asked only of a producer not kept yet)."""
    kept: dict[str, Any] = {}
    for item in walk:
        producer = producer_of(item)
        if producer in kept or (allowed is not None and not allowed(item)):
            continue
        kept[producer] = item
        if len(kept) == wanted:
            break
    return list(kept.values())
