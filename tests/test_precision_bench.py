"""The precision and ranking benchmarks' bookkeeping (no scanning): how labelled findings are
matched to a rescan, what counts, and what the generated catalogue file says."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import yaml

from dxscan.catalogue import Precision, _precision

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


precision = load("precision")
ranking = load("ranking")


def label(rule: str, pointer: str, message: str, verdict: str) -> object:
    return precision.Label("a.json", rule, pointer, message, verdict, "because")


def test_messages_match_whatever_their_counts():
    assert precision.normalised("parameter 'x' is snake_case; 41 of 44 parameters are  camelCase") == \
        precision.normalised("Parameter 'x' is snake_case; 3 of 12 parameters are camelCase")


def test_a_rescan_counts_what_is_still_reported_and_lists_what_changed():
    labels = [
        label("operation-tags", "/paths/~1a/get", "GET /a has no tags", "right"),
        label("operation-tags", "/paths/~1b/get", "GET /b has no tags", "wrong"),
        label("server-internal", "/servers/0", "server 'x' points at an internal host", "debatable"),
    ]
    found = {"a.json": [
        {"rule": "operation-tags", "pointer": "/paths/~1a/get", "message": "GET /a has no tags"},
        {"rule": "server-internal", "pointer": "/servers/0", "message": "server 'x' points at an internal host"},
        {"rule": "operation-tags", "pointer": "/paths/~1c/get", "message": "GET /c has no tags"},
    ]}
    baseline = {precision.finding_hash("a.json", f["rule"], f["pointer"], f["message"]) for f in found["a.json"][:2]}
    result = precision.tally(labels, found, baseline)
    assert result.counts == Counter({("operation-tags", "right"): 1, ("server-internal", "debatable"): 1})
    assert [item.pointer for item in result.disappeared["operation-tags"]] == ["/paths/~1b/get"]
    assert [finding["pointer"] for _, finding in result.appeared["operation-tags"]] == ["/paths/~1c/get"]
    assert precision.tally(labels, found, None).appeared is None


def test_held_out_labels_are_counted_as_judged_and_as_still_reported():
    """Labels drawn by `label.py heldout` carry a reason starting "held-out": their precision as
    judged is the check on tuning; a fix since then shows as a wrong one no longer reported."""
    labels = [
        precision.Label("a.json", "operation-tags", "/paths/~1a/get", "GET /a has no tags", "right", "held-out: no tags"),
        precision.Label("a.json", "operation-tags", "/paths/~1b/get", "GET /b has no tags", "wrong", "held-out: a preflight"),
        label("operation-tags", "/paths/~1c/get", "GET /c has no tags", "wrong"),
    ]
    found = {"a.json": [{"rule": "operation-tags", "pointer": "/paths/~1a/get", "message": "GET /a has no tags"},
                        {"rule": "operation-tags", "pointer": "/paths/~1c/get", "message": "GET /c has no tags"}]}
    result = precision.tally(labels, found, None)
    assert result.held_out == Counter({("judged", "right"): 1, ("judged", "wrong"): 1, ("reported", "right"): 1,
                                       ("reported", "wrong"): 0})


def test_the_generated_catalogue_file_reads_back():
    counts = Counter({("api-key-in-query", "right"): 16, ("server-internal", "right"): 6,
                      ("server-internal", "wrong"): 10, ("info-license", "debatable"): 12})
    rules = yaml.safe_load(precision.catalogue_text(counts, 44))["rules"]
    assert {rule: _precision(rule, raw) for rule, raw in rules.items()} == {
        "api-key-in-query": Precision(16, 0, 0), "info-license": Precision(0, 0, 12), "server-internal": Precision(6, 10, 0),
    }


def test_a_ranking_pair_agrees_only_when_better_scores_strictly_higher():
    pair = ranking.Pair("a.json", "b.json", "a documents errors")
    assert ranking.agrees(pair, {"a.json": 70, "b.json": 60}) is True
    assert ranking.agrees(pair, {"a.json": 60, "b.json": 60}) is False
    assert ranking.agrees(pair, {"a.json": None, "b.json": 60}) is False


def test_every_ranking_pair_names_two_corpus_apis_and_a_reason():
    pairs = ranking.read_pairs(ranking.PAIRS)
    assert len(pairs) == 54
    assert all(pair.reason and pair.better != pair.worse for pair in pairs)
    assert Counter(pair.chosen for pair in pairs) == Counter({"from-specs": 45, "after-scores": 9})


RIGHT_WRONG_DEBATABLE = {"right": 1212, "wrong": 450, "debatable": 284}


def test_every_label_has_a_verdict_and_a_reason():
    labels = precision.read_labels(precision.LABELS)  # read_labels refuses a label without verdict or reason
    assert len({(item.spec, item.rule, item.pointer, item.message) for item in labels}) == len(labels)
    # the set as judged by hand (docs/precision.md says how); a label lost or changed by accident shows here
    assert Counter(item.label for item in labels) == Counter(RIGHT_WRONG_DEBATABLE)
