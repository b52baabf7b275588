"""The scan gate: does a report pass `--fail-on` and `--fail-under`? Used by `dxscan scan` and by
each API of a portfolio; the CLI turns the verdict into an exit code."""

from __future__ import annotations

from dxscan.catalogue import SEVERITY_RANK
from dxscan.results import Report


def gate_failed(report: Report, fail_on: str, fail_under: float | None) -> bool:
    """True when a finding is at FAIL_ON or worse, or the overall score is under FAIL_UNDER."""
    if fail_on != "none":
        threshold = SEVERITY_RANK[fail_on]
        if any(SEVERITY_RANK[finding.severity] <= threshold for finding in report.findings):
            return True
    score = report.scorecard.score
    return fail_under is not None and score is not None and score < fail_under
