"""A slot's best candidates without ranking them all: the index that keeps inference linear.

Inference generates a list of candidates (producer fields) once for every slot with the same name,
entity and type, and each slot then keeps only its best few producers. Ranking the whole list for
every slot costs slots x candidates, the square of the API: on a 20 MB spec, 147,000 generations
and 1.8 million filter calls. A `Shortlist` indexes one generated list so that a slot walks it in
its own rank order and stops after the producers it can keep.

It relies on the shape of `infer.RankKey`: `shared` (the producer's common path prefix with the
slot's anchor) is the only part of the key that depends on the slot; everything before it (weak,
mention, tier, affinity) and after it depends on the candidate alone (`Inference._rank_parts`).
So the candidates are grouped by the fields before `shared`, each group sorted by the fields after
it, and within a group split by the producer's path into a tree of prefixes (a node's children are
split off the first time a walk goes below it). A slot visits the groups in order and, in each, the
prefixes of its anchor from the longest to the empty one: exactly the order `sorted()` would give.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

Path = tuple[str, ...]


class Shortlist:
    """One generated candidate list, indexed for walking in any slot's rank order."""

    def __init__(self, candidates: list[Any], parts_of: Callable[[Any], tuple[tuple, tuple, Path]]):
        """PARTS_OF gives a candidate's rank key without `shared` (the fields before it and the
        fields after it) and the producer's erased path, in one call. Each group is sorted once;
        the nodes of its prefix tree keep that order (`_Node`). A reader that keeps only the first
        candidate of each producer (`best_per_producer`) may pass only those (`infer._firsts`)."""
        groups: dict[tuple, list[tuple[tuple, Any, Path]]] = defaultdict(list)
        for candidate in candidates:
            head, rest, path = parts_of(candidate)
            groups[head].append((rest, candidate, path))
        self.groups: list[tuple[tuple, _Node]] = []
        for head, members in sorted(groups.items(), key=_head):
            members.sort()  # by the key's fields after `shared`, then by the candidate: `sorted()`'s tie-break
            self.groups.append((head, _Node([(path, rest, candidate) for rest, candidate, path in members], 0)))

    def walk(self, anchor: Path) -> Iterator[Any]:
        """The candidates in the rank order of a slot anchored at ANCHOR (best first)."""
        for *_, candidate in self.ranked(anchor):
            yield candidate

    def ranked(self, anchor: Path) -> Iterator[tuple[tuple, int, tuple, Any]]:
        """`walk`, each candidate with its rank key for the slot in three parts: the fields before
        `shared`, `shared` itself (the length of the common prefix of its path and ANCHOR: the
        depth of the node it comes from) and the fields after it."""
        top = len(anchor)
        for head, root in self.groups:
            chain = root.chain(anchor)
            if len(chain) > top:
                for _, rest, candidate in chain[top].entries:
                    yield head, top, rest, candidate
            for depth in range(min(top, len(chain)) - 1, -1, -1):
                step = anchor[depth]
                for path, rest, candidate in chain[depth].entries:
                    if len(path) <= depth or path[depth] != step:
                        yield head, depth, rest, candidate


class _Node:
    """The entries (path, rest of the key, candidate) of one group whose paths start with one
    prefix, in rank order; its children (by the path's next step) are split off the first time a
    walk goes below it, so only the prefixes of the anchors walked are indexed (an eager index
    put every entry in the bucket of each prefix of its path: Stripe's 10x copy, 250,000 appends)."""

    __slots__ = ("children", "depth", "entries")

    def __init__(self, entries: list[tuple[Path, tuple, Any]], depth: int):
        self.entries = entries
        self.depth = depth  # the prefix's length
        self.children: dict[str, _Node] | None = None

    def chain(self, anchor: Path) -> list[_Node]:
        """The nodes of ANCHOR's prefixes, from the empty one, as far as entries reach."""
        chain = [self]
        node = self
        for step in anchor:
            children = node.children
            if children is None:
                children = node.children = node._split()
            node = children.get(step)
            if node is None:
                break
            chain.append(node)
        return chain

    def _split(self) -> dict[str, _Node]:
        depth = self.depth
        below: dict[str, list[tuple[Path, tuple, Any]]] = defaultdict(list)
        for entry in self.entries:
            path = entry[0]
            if len(path) > depth:
                below[path[depth]].append(entry)
        return {step: _Node(entries, depth + 1) for step, entries in below.items()}


def _head(group: tuple[tuple, list]) -> tuple:
    return group[0]


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
