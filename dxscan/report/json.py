"""The versioned JSON scorecard: `"schema": "dxscan.scorecard/1"`."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..api import Report
from ..score import DimensionScore

SCHEMA = "dxscan.scorecard/1"


def to_dict(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "dxscan", "version": report.tool_version},
        "spec": asdict(report.spec),
        "valid": report.valid,
        "score": report.scorecard.score,
        "grade": report.scorecard.grade,
        "dimensions": {d.name: _dimension(d) for d in report.scorecard.dimensions},
        "findings": [_finding(f) for f in report.findings],
    }


def _dimension(dimension: DimensionScore) -> dict[str, Any]:
    return {
        "score": dimension.score,
        "grade": dimension.grade,
        "weight": dimension.weight,
        "measures": dimension.measures,
        "summary": dimension.summary,
    }


def _finding(finding: Any) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "dimension": finding.dimension,
        "severity": finding.severity,
        "message": finding.message,
        "pointer": finding.pointer,
        "location": asdict(finding.location),
        "fingerprint": finding.fingerprint,
    }


def render(report: Report) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"
