"""The rule catalogue: one YAML file per rule in `rules/`, shipped inside the package as
`dxscan.rules`. The catalogue, not the check, owns everything a person reads about a rule."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

DIMENSIONS = ("versioning", "auth", "rate_limits", "naming", "documentation", "abstraction")
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}  # error first
SCOPES = (
    "api", "operations", "paths", "parameters", "request-bodies", "responses", "schemas",
    "properties", "servers", "tags", "security-schemes", "files",
)
REQUIRED_TEXT = ("title", "rationale", "fix", "measure")


@dataclass(frozen=True)
class Rule:
    """One catalogue entry. `measure` completes "{failed} of {checked} ..." in summaries."""

    id: str
    dimension: str
    severity: str
    weight: float
    scope: str
    title: str
    rationale: str
    fix: str
    measure: str
    bad: str
    good: str
    options: dict[str, Any]
    spectral: str | None = None
    scored: bool = True
    check: str | None = None  # the module in dxscan/checks holding the check (None: the engine's own, e.g. internal-error)  # False: reported, but not part of any score (e.g. internal errors)


class CatalogueError(Exception):
    pass


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Rule]:
    """Every rule, by id, read once per process."""
    rules = {}
    for entry in sorted(resources.files("dxscan.rules").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            rule = _rule(yaml.load(entry.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader), entry.name)
            rules[rule.id] = rule
    return rules


def _rule(raw: Any, filename: str) -> Rule:
    if not isinstance(raw, dict):
        raise CatalogueError(f"rules/{filename}: not a mapping")
    problems = _problems(raw)
    if problems:
        raise CatalogueError(f"rules/{filename}: {'; '.join(problems)}")
    if raw["id"] + ".yaml" != filename:
        raise CatalogueError(f"rules/{filename}: id '{raw['id']}' does not match the file name")
    examples = raw.get("examples") or {}
    return Rule(
        id=raw["id"], dimension=raw["dimension"], severity=raw["severity"], weight=float(raw["weight"]),
        scope=raw["scope"], title=raw["title"].strip(), rationale=raw["rationale"].strip(),
        fix=raw["fix"].strip(), measure=raw["measure"].strip(), bad=examples.get("bad", ""),
        good=examples.get("good", ""), options=dict(raw.get("options") or {}),
        spectral=raw.get("spectral"), scored=raw.get("scored", True), check=raw.get("check"),
    )


def _problems(raw: dict[str, Any]) -> list[str]:
    problems = [f"missing '{key}'" for key in ("id", "dimension", "severity", "weight", "scope", *REQUIRED_TEXT) if not raw.get(key) and raw.get(key) != 0]
    if raw.get("dimension") not in DIMENSIONS:
        problems.append(f"dimension must be one of {', '.join(DIMENSIONS)}")
    if raw.get("severity") not in SEVERITIES:
        problems.append(f"severity must be one of {', '.join(SEVERITIES)}")
    check = raw.get("check")
    if check is not None and not (isinstance(check, str) and check.isidentifier()):
        problems.append("check must name a module of dxscan/checks (e.g. 'naming')")
    if raw.get("scope") not in SCOPES:
        problems.append(f"scope must be one of {', '.join(SCOPES)}")
    return problems
