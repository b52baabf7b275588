"""Issue 14, eighth pass (building the dependency graph): what the speed work must not change."""

from __future__ import annotations

from typing import Any

import pytest

from dxscan.graph import infer
from dxscan.graph.infer import Inference
from dxscan.graph.words import entity_matches
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi
from tests.conftest import FIXTURES

WIDGETS = FIXTURES / "perf8g/widgets.yaml"
SPECS = ["perf8g/widgets.yaml", "bookshop.yaml", *(f"graph/{path.name}" for path in sorted((FIXTURES / "graph").glob("*.yaml"))
                                                   if path.name != "labelled_edges.yaml")]  # a list of edges, not a spec


def _inference(name: str) -> Inference:
    return Inference(as_openapi(load(str(FIXTURES / name))))


def test_tier_three_and_mentions_are_generated_only_for_slots_short_of_own_producers(monkeypatch):
    """`{widget_id}` has nine producers of the widget's own identifier (tier 2), more than a slot
    keeps: neither tier 3 nor `Gadget.widget_id`, a mention (tier 1), is generated for it.
    `{gadget_id}` has two."""
    asked: list[tuple[int, str, bool]] = []
    for tier in (1, 3):
        finder = getattr(Inference, f"_tier{tier}")

        def recorded(self, slot, own_only, candidates, contexts, tier=tier, finder=finder):
            asked.append((tier, slot.name, own_only))
            finder(self, slot, own_only, candidates, contexts)
        monkeypatch.setattr(Inference, f"_tier{tier}", recorded)
    _inference("perf8g/widgets.yaml")
    assert asked == [(1, "widget_id", True),  # DELETE /widgets/{widget_id} first
                     (1, "gadget_id", True), (3, "gadget_id", True), (1, "gadget_id", False)]


def test_a_slot_with_enough_own_producers_keeps_them_and_no_mention():
    resolution = _inference("perf8g/widgets.yaml").resolutions["in:GET /widgets/{widget_id}:path:widget_id"]
    assert resolution.producers == ("op:GET /widgets", "op:GET /admin/widgets", "op:GET /archived-widgets",
                                    "op:GET /catalog/widgets", "op:GET /featured-widgets", "op:GET /popular-widgets",
                                    "op:GET /recent-widgets", "op:GET /sale/widgets")
    assert [(feed.producer, feed.tier, feed.access) for feed in resolution.feeds] == [
        ("op:GET /widgets", 2, "/*/id"), ("op:GET /admin/widgets", 2, "/*/id"), ("op:GET /archived-widgets", 2, "/*/id")]


@pytest.mark.parametrize("name", SPECS)
def test_resolutions_are_those_that_take_every_mention(name, monkeypatch):
    """Leaving out tier 3 and tier 1's mentions when the own candidates name enough producers
    changes no resolution: the same as taking them in the first pass always (as before this pass)."""
    kept = _inference(name).resolutions
    monkeypatch.setattr(infer, "_own_producers", lambda candidates: 0)
    assert _inference(name).resolutions == kept


@pytest.mark.parametrize("name", SPECS)
def test_tokens_matching_an_entity_are_those_entity_matches_rates_so(name, monkeypatch):
    """Level 2 is looked up by the token's words run together; level 1 still compares the tokens
    that start or end as the entity does. Both give what rating every token of the index would
    (level 1 between words of three letters or more: `by` and `created by` are not compared)."""
    kept: list[tuple[Inference, Any]] = []
    supply = Inference._supply_outside

    def keep(self):
        kept.append((self, self.index))  # deleted once inference is done with it
        supply(self)
    monkeypatch.setattr(Inference, "_supply_outside", keep)
    _inference(name)
    inference, inference.index = kept[0]
    tokens = set().union(*inference.index.tokens_by_start.values())
    entities = {slot.entity for slot in inference.slots.values() if slot.entity} | tokens | {"pull request", "pullrequest"}
    near = {t for t in tokens if len(t.replace(" ", "")) >= 3}
    for entity in sorted(entities):
        assert inference._tokens_matching(entity, 2) == sorted(t for t in tokens if entity_matches(entity, t) == 2)
        if len(entity.replace(" ", "")) >= 3:
            assert inference._tokens_matching(entity, 1) == sorted(t for t in near if entity_matches(entity, t) == 1)
    assert tokens
