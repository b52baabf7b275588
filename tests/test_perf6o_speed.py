"""What the sixth speed pass over the other half (perf6o) changed, pinned to the behaviour it kept."""

from __future__ import annotations

import json
import re

import pytest

from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi


def _spec(tmp_path, schemas):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
                                "components": {"schemas": schemas}}))
    return as_openapi(load(str(path)))


def test_a_property_carries_the_format_of_the_schema_it_stands_for(tmp_path):
    from dxscan.checks.inventory import inventory

    schemas = {
        "Event": {"type": "object", "properties": {
            "created_at": {"type": "string", "format": "date-time"},  # inline
            "day": {"$ref": "#/components/schemas/Day"},  # through a $ref
            "odd": {"type": "string", "format": 3},  # not a string: no format
            "name": {"type": "string"},
        }},
        "Day": {"type": "string", "format": "date"},
    }
    spec = _spec(tmp_path, schemas)
    assert sorted((p.name, p.format) for p in inventory(spec).properties) == [
        ("created_at", "date-time"), ("day", "date"), ("name", None), ("odd", None)]


def test_timestamps_are_the_dated_strings_and_the_numbers_named_like_one(tmp_path):
    from dxscan.checks.naming import timestamps

    schemas = {"Event": {"type": "object", "properties": {
        "created_at": {"type": "string", "format": "date-time"},
        "day": {"$ref": "#/components/schemas/Day"},
        "updated": {"type": "integer"},
        "expires_at": {"type": "integer"},
        "odd_date": {"type": "integer", "format": "date"},
        "name": {"type": "string", "format": "email"},
    }}, "Day": {"type": "string", "format": "date"}}
    spec = _spec(tmp_path, schemas)
    found = timestamps(spec)
    assert sorted(p.name for p in found) == ["created_at", "day", "expires_at", "odd_date"]


@pytest.mark.parametrize("text", [
    "Rate Limit: 100 requests per minute", "RATE-LIMITED", "Throttled after 5 calls/second", "1,000 REQ PER day",
    "Your DISK QUOTA is full", "the project quota", "A Quota applies", "nothing to see", "",
    "İ LİMİT", "rate lİmit", "Rate lımit", "ſtorage quota", "100 ＲＥＱＵＥＳＴＳ per day", "\u212aeep 5 requests per second",
])
def test_states_policy_is_the_policy_pattern_ignoring_case(text):
    from dxscan.checks.rate_limits import _POLICY, states_policy

    assert states_policy(text) is bool(_POLICY.search(text))
    assert states_policy(text.upper()) is bool(_POLICY.search(text.upper()))


def test_the_policy_pattern_is_written_in_lower_case():
    from dxscan.checks.rate_limits import _POLICY, _POLICY_LOWER

    assert _POLICY.pattern == _POLICY.pattern.lower() == _POLICY_LOWER.pattern
    assert _POLICY.flags & re.IGNORECASE and not _POLICY_LOWER.flags & re.IGNORECASE


def test_only_x_dash_and_capital_x_dash_begin_a_policy_extension():
    import sys

    from dxscan.checks.rate_limits import _EXTENSION, _POLICY_EXTENSION

    starts = {chr(c) + "-" for c in range(sys.maxunicode + 1) if _POLICY_EXTENSION.match(chr(c) + "-ratelimit")}
    assert starts == set(_EXTENSION)


@pytest.mark.parametrize("name", [
    "FutureSeqUnit", "MonoFlux", "OptionalTask", "TaskUnit", "FUTURE_MONO", "futureMono", "Task", "Unit", "Future",
    "TasKMono", "FutureİMono", "Function5", "Function5X", "Tuple2", "ResponseEntityPet", "Pet", "seq_unit", "Unitask",
])
def test_framework_type_is_the_pattern_or_two_hint_words(name):
    from dxscan.checks.naming import FRAMEWORK_HINTS, FRAMEWORK_TYPES, framework_type
    from dxscan.graph.words import words

    assert framework_type(name) is (bool(FRAMEWORK_TYPES.search(name)) or len(FRAMEWORK_HINTS & set(words(name))) >= 2)


def test_enum_tallies_count_each_use_of_a_repeated_list(tmp_path):
    from dxscan.checks.naming import _distinct_enum_values, enum_tally, tally, worded_enums

    status = {"type": "string", "enum": ["in_progress", "not_started", "done"]}
    schemas = {f"Job{i}": {"type": "object", "properties": {"status": dict(status)}} for i in range(4)}
    schemas["Odd"] = {"type": "object", "properties": {"kind": {"type": "string", "enum": ["fooBar", "not_started", "bazQux"]}}}
    spec = _spec(tmp_path, schemas)
    worded = worded_enums(spec)
    assert len(worded) == 5
    assert enum_tally(spec) == tally(v for _, values in worded for v in values)
    assert (enum_tally(spec).following, enum_tally(spec).total) == (9, 11)
    assert list(_distinct_enum_values(spec)) == list(dict.fromkeys(v for _, values in worded for v in values))
