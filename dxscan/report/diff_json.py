"""The versioned JSON diff: `"schema": "dxscan.diff/1"`: the two sides, the verdict, score deltas
per dimension, and every change with its id, kind, severity, operation, pointer and location."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from dxscan.diff import BREAKING, IMPROVEMENT, INFO, REGRESSION, Change, Diff

SCHEMA = "dxscan.diff/1"


def to_dict(diff: Diff) -> dict[str, Any]:
    verdict = diff.verdict
    return {
        "schema": SCHEMA,
        "tool": {"name": "dxscan", "version": diff.tool_version},
        "base": asdict(diff.base),
        "head": asdict(diff.head),
        "verdict": {"result": "pass" if verdict.passed else "fail", "passed": verdict.passed,
                    "fail_on": verdict.fail_on, "max_score_drop": verdict.max_score_drop,
                    "failing": verdict.failing, "reasons": list(verdict.reasons)},
        "scores": {s.name: {"base": s.base, "head": s.head, "delta": s.delta} for s in diff.scores},
        "counts": {kind: len(diff.of_kind(kind)) for kind in (BREAKING, REGRESSION, IMPROVEMENT, INFO)},
        "changes": [_change(diff, change) for change in diff.changes],
    }


def _change(diff: Diff, change: Change) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": change.id,
        "kind": change.kind,
        "severity": change.severity,
        "operation": change.operation,
        "operations": list(change.operations),
        "pointer": change.pointer,
        "side": change.side,
        "location": None if change.location is None else asdict(change.location),
        "message": change.message,
        "fails_gate": diff.fails(change),
    }
    if change.rule is not None:
        entry["rule"] = change.rule
    if change.allowed is not None:
        entry["allowed"] = change.allowed
    return entry


def render(diff: Diff) -> str:
    return json.dumps(to_dict(diff), indent=2, ensure_ascii=False) + "\n"
