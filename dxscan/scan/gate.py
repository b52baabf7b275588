"""The scan gate: does a report pass `--fail-on` and `--fail-under`, and if not, why? Used by
`dxscan scan` and by each API of a portfolio; the CLI turns the verdict into an exit code and one
line on standard error."""

from __future__ import annotations

import os

from dxscan.catalogue import SEVERITY_RANK
from dxscan.config import Config
from dxscan.results import Report


def gate_failures(report: Report, fail_on: str, fail_under: float | None,
                  fail_on_origin: str = "", fail_under_origin: str = "") -> tuple[str, ...]:
    """Why the report fails the gate, one phrase per threshold crossed; () when it passes.

    A finding at FAIL_ON or worse fails it, and so does an overall score under FAIL_UNDER. An
    origin ("from .dxscan.yaml", "the default") says where a threshold was set; "" for the command
    line."""
    reasons = []
    if fail_on != "none":
        threshold = SEVERITY_RANK[fail_on]
        count = sum(SEVERITY_RANK[finding.severity] <= threshold for finding in report.findings)
        if count:
            noun = "finding" if count == 1 else "findings"
            reasons.append(f"{count} {noun} at {fail_on} or worse ({_setting('--fail-on', fail_on, fail_on_origin)})")
    score = report.scorecard.score
    if fail_under is not None and score is not None and score < fail_under:
        reasons.append(f"score {score} is under --fail-under {fail_under:g}" + (f" ({fail_under_origin})" if fail_under_origin else ""))
    return tuple(reasons)


def _setting(option: str, value: str, origin: str) -> str:
    return f"{option} {value}, {origin}" if origin else f"{option} {value}"


def origins(config: Config, fail_on_given: bool, fail_under_given: bool) -> tuple[str, str]:
    """Where the thresholds in force came from: the command line (""), the configuration file, or
    the default."""
    from_file = f"from {shown_path(config.source)}" if config.source else "the default"
    fail_on = "" if fail_on_given else (from_file if config.fail_on != Config.fail_on else "the default")
    fail_under = "" if fail_under_given else from_file
    return fail_on, fail_under


def shown_path(path: str) -> str:
    """A file as a person names it: relative to the current folder when it is below it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative
