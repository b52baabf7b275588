"""The graph rules' false-positive classes fixed on branch graphid (issue 11), each on a small
fixture that the code before the fix reported: identifiers the client has without asking the API,
producers found by listing or by the resource a role-qualified name refers to."""

from __future__ import annotations

import pytest

from dxscan.graph.build import build_graph
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi, scan
from tests.conftest import FIXTURES

OUTSIDE = FIXTURES / "graph" / "graphid_outside.yaml"


@pytest.fixture(scope="module")
def outside_findings():
    return [f for f in scan(str(OUTSIDE)).findings if f.dimension == "abstraction"]


@pytest.fixture(scope="module")
def outside_graph():
    return build_graph(as_openapi(load(str(OUTSIDE))))


def test_only_the_identifier_nothing_hands_out_is_an_orphan(outside_findings):
    assert [(f.rule, f.pointer, f.location.line, f.message) for f in outside_findings] == [
        ("orphan-identifier", "/paths/~1reports~1{reportId}/get/parameters/0", 131,
         "{reportId} needed by GET /reports/{reportId} is handed out by no response; no response field resembles it"),
    ]


@pytest.mark.parametrize("slot", [
    "in:GET /connect:query:client_id",  # the caller's own application id
    "in:GET /videos:header:X-Customer-ID",  # a header: the caller's account, configured once
    "in:GET /flags/{code}:path:code",  # a code from a documented list
    "in:GET /regions/{region_id}:path:region_id",  # the description names a standard (ISO 3166)
    "in:GET /players/{username}/stats:path:username",  # the client's own input
    "in:GET /accounts/{account_id}/usage:path:account_id",  # "your account's id"
    "in:POST /payor-links:body:deviceId",  # a device: no resource of this API
    "in:GET /terms/{term_id}:path:term_id",  # nothing makes or lists terms: a public key
])
def test_identifiers_the_client_knows_need_no_producer(outside_graph, slot):
    found = outside_graph.inference.slots[slot]
    assert (found.self_supplied, found.needs_producer) == (True, False)


@pytest.mark.parametrize("slot, producer, tier", [
    ("in:GET /videos/{video_id}/presets/{preset_id}:path:preset_id", "op:GET /me/presets", 4),  # listed elsewhere
    ("in:POST /payor-links:body:fromPayorId", "op:GET /payors", 4),  # listed: a payor by its head noun
    ("in:GET /images/recommendations:query:id", "op:GET /images", 2),  # the ids of the parent resource
])
def test_identifiers_with_a_producer_elsewhere(outside_graph, slot, producer, tier):
    resolution = outside_graph.inference.resolutions[slot]
    assert (resolution.producers[:1], resolution.tier) == ((producer,), tier)


def test_the_orphan_stays_needed(outside_graph):
    found = outside_graph.inference.slots["in:GET /reports/{reportId}:path:reportId"]
    assert (found.self_supplied, found.needs_producer, outside_graph.inference.resolutions[found.key].resolved) == \
        (False, True, False)
