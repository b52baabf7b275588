"""The versioned JSON scorecard: `"schema": "dxscan.scorecard/1"`."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from dxscan.results import DimensionScore, Report

SCHEMA = "dxscan.scorecard/1"


def to_dict(report: Report) -> dict[str, Any]:
    return {**_head(report), "findings": [finding.as_dict() for finding in report.findings]}


def _head(report: Report) -> dict[str, Any]:
    """The scorecard but its findings."""
    return {
        "schema": SCHEMA,
        "tool": {"name": "dxscan", "version": report.tool_version},
        "spec": asdict(report.spec),
        "valid": report.valid,
        "score": report.scorecard.score,
        "grade": report.scorecard.grade,
        "dimensions": {d.name: _dimension(d) for d in report.scorecard.dimensions},
    }


def _dimension(dimension: DimensionScore) -> dict[str, Any]:
    return {
        "score": dimension.score,
        "grade": dimension.grade,
        "weight": dimension.weight,
        "measures": dimension.measures,
        "summary": dimension.summary,
    }


def render(report: Report) -> str:
    """Indented, with one finding per line: grep and a diff of two scorecards work line by line,
    and a spec's thousands of findings go through json's C encoder (indenting is pure Python:
    0.08 s for Stripe's 3,000 findings, against 0.01 s)."""
    head = json.dumps(_head(report), indent=2, ensure_ascii=False).removesuffix("\n}")
    if not report.findings:
        return head + ',\n  "findings": []\n}\n'
    lines = ",\n    ".join([finding.json_text for finding in report.findings])  # one copy of the text, not one per line
    return f'{head},\n  "findings": [\n    {lines}\n  ]\n}}\n'
