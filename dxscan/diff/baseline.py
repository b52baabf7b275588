"""A committed baseline: the findings a team accepted once, and the scores it had then.

`dxscan baseline SPEC -o dxscan-baseline.json` writes it; `dxscan scan SPEC --baseline FILE` then
reports (and gates on) only the findings that are not in it, plus a `baseline-score-drop` error for
each dimension whose score fell more than the baseline's tolerance below the accepted one. Existing
debt no longer blocks anyone; only what a change adds does.

Findings are matched as the diff matches them (`diff.identity`): by fingerprint (rule, identity
pointer and detail: no line numbers or list positions, so edits that move lines, reorder lists or
rename a path parameter keep them), then by rule and message, and an API-wide finding whose count
changed is the finding it was. The
file has no line numbers either, so it changes only when the accepted findings do.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dxscan.checks.engine import fingerprint
from dxscan.diff.identity import unmatched
from dxscan.results import Finding, Location, Report
from dxscan.score.card import SCORING_MODEL

SCHEMA = "dxscan.baseline/1"
SCORE_DROP = "baseline-score-drop"
DEFAULT_TOLERANCE = 2.0


class BaselineError(Exception):
    """An unreadable baseline: the CLI prints the message and exits with code 2."""


@dataclass(frozen=True)
class Accepted:
    fingerprint: str
    rule: str
    message: str


@dataclass(frozen=True)
class Baseline:
    tolerance: float
    dimensions: dict[str, int | None]
    findings: tuple[Accepted, ...]
    spec: str | None = None  # the path and title of the spec it was made for (older baselines: None)
    title: str | None = None
    scoring: int = 1  # the scoring model its scores come from (baselines written before 2026-12-05: 1)


def render_baseline(report: Report, tolerance: float = DEFAULT_TOLERANCE) -> str:
    """The baseline of this report, as stable, reviewable JSON (sorted, no line numbers)."""
    findings = sorted(report.findings, key=lambda f: (f.rule, f.pointer, f.fingerprint))
    data = {
        "schema": SCHEMA,
        "tool": {"name": "dxscan", "version": report.tool_version},
        "spec": report.spec.source,
        "title": report.spec.title,
        "tolerance": tolerance,
        "scoring": SCORING_MODEL,
        "score": report.scorecard.score,
        "dimensions": {d.name: d.score for d in report.scorecard.dimensions},
        "findings": [{"fingerprint": f.fingerprint, "rule": f.rule, "severity": f.severity,
                      "pointer": f.pointer, "message": f.message} for f in findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def read_baseline(path: Path | str) -> Baseline:
    data = _read_json(Path(path))
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise BaselineError(f"baseline {path}: not a dxscan baseline (no \"schema\": \"{SCHEMA}\"); write one with `dxscan baseline`")
    try:
        findings = tuple(Accepted(str(f["fingerprint"]), str(f["rule"]), str(f.get("message", ""))) for f in data["findings"])
        dimensions = {str(name): _score(score) for name, score in data.get("dimensions", {}).items()}
        tolerance = float(data.get("tolerance", DEFAULT_TOLERANCE))
        scoring = _scoring(data.get("scoring", 1))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise BaselineError(f"baseline {path}: malformed ({type(error).__name__}: {error})") from None
    spec, title = data.get("spec"), data.get("title")
    return Baseline(tolerance, dimensions, findings, spec if isinstance(spec, str) else None,
                    title if isinstance(title, str) else None, scoring)


def _scoring(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"scoring {value!r} is not a whole number")
    return value


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"baseline {path}: no such file (create it with `dxscan baseline SPEC -o {path}`)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"baseline {path}: cannot read: {error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(f"baseline {path}: not JSON (line {error.lineno}: {error.msg})") from None


def _score(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"score {value!r} is not a number")
    return int(value)


def apply_baseline(report: Report, path: Path | str, warn: Callable[[str], None] | None = None) -> Report:
    """The report with only the findings the baseline does not accept, and one error finding per
    dimension that fell below the baseline's score minus its tolerance, when the baseline's scores
    come from today's scoring model (`SCORING_MODEL`). WARN is told when the baseline was made for
    another spec (another title or file name), or under another scoring model."""
    baseline = read_baseline(path)
    other = _made_for_another(baseline, report)
    if other and warn is not None:
        warn(f"baseline {path} was made for {other}, not {_identity(report.spec.title, report.spec.source)}; applied all the same")
    fresh = new_findings(report.findings, baseline.findings)
    comparable = baseline.scoring == SCORING_MODEL
    if not comparable and warn is not None:
        warn(f"baseline {path} holds scores from dxscan's scoring model {baseline.scoring}, and today's is {SCORING_MODEL} "
             "(since 2026-12-05 abstraction is graded on its rules alone): scores are not compared with it, only "
             "findings; rewrite it with `dxscan baseline` to gate on scores again")
    drops = _score_drops(report, baseline) if comparable else []
    return replace(report, findings=tuple(drops) + tuple(fresh))


def _made_for_another(baseline: Baseline, report: Report) -> str | None:
    """How the baseline names the spec it was made for, when that is not this report's spec."""
    if baseline.title is None and baseline.spec is None:
        return None
    same_title = baseline.title is None or baseline.title == report.spec.title
    same_file = baseline.spec is None or Path(baseline.spec).name == Path(report.spec.source).name
    return None if same_title and same_file else _identity(baseline.title, baseline.spec)


def _identity(title: str | None, path: str | None) -> str:
    return f"'{title}' ({path})" if title else f"{path}"


def new_findings(findings: tuple[Finding, ...], accepted: tuple[Accepted, ...]) -> list[Finding]:
    """The findings the baseline does not accept, matched as the diff matches them (`diff.identity`)."""
    fresh, _ = unmatched(findings, accepted)
    return fresh


def _score_drops(report: Report, baseline: Baseline) -> list[Finding]:
    drops = []
    for dimension in report.scorecard.dimensions:
        accepted = baseline.dimensions.get(dimension.name)
        if accepted is None or dimension.score is None or dimension.score >= accepted - baseline.tolerance:
            continue
        message = (f"{dimension.name} score {dimension.score} is {accepted - dimension.score} points below the baseline's "
                   f"{accepted} (tolerance {baseline.tolerance:g})")
        location = Location(report.spec.source, None, None)
        drops.append(Finding(SCORE_DROP, dimension.name, "error", message, "", location,
                             fingerprint(SCORE_DROP, dimension.name, "")))
    return drops
