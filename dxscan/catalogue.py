"""The rule catalogue: one YAML file per rule in `rules/`, shipped inside the package as
`dxscan.rules`. The catalogue, not the check, owns everything a person reads about a rule.

`rules/precision.yaml` is generated data, not a rule: each rule's precision measured on the
labelled findings of benchmarks/precision/labels.jsonl (written by
`benchmarks/precision.py --write-catalogue`). A rule that has not shown PREVIEW_PRECISION on at
least PREVIEW_MIN_LABELS labelled findings is `preview`, as in ruff: reported at info and
costing no points unless preview rules are enabled (`--preview`, `preview: true`).

`rules/catalogue.json` is generated too (`python -m dxscan.catalogue rules`): every one of those YAML
files, parsed, under a digest of their text. Reading it takes 1 ms where parsing the YAML takes
14 ms and importing PyYAML 12 ms, on every command; when the digest no longer matches the files
(a rule edited, the JSON not regenerated), the YAML is parsed as before, and a test fails."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

DIMENSIONS = ("versioning", "auth", "rate_limits", "naming", "documentation", "abstraction")
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}  # error first
SCOPES = (
    "api", "operations", "paths", "parameters", "request-bodies", "responses", "schemas",
    "properties", "servers", "tags", "security-schemes", "files",
)
REQUIRED_TEXT = ("title", "rationale", "fix", "measure")
PRECISION_FILE = "precision.yaml"
COMPILED_FILE = "catalogue.json"
PREVIEW_PRECISION = 0.9
PREVIEW_MIN_LABELS = 10


@dataclass(frozen=True)
class Precision:
    """How a rule's labelled findings were judged: right, wrong, debatable (not counted)."""

    right: int = 0
    wrong: int = 0
    debatable: int = 0

    @property
    def labelled(self) -> int:
        return self.right + self.wrong

    @property
    def share(self) -> float | None:
        return self.right / self.labelled if self.labelled else None

    @property
    def proven(self) -> bool:
        return self.labelled >= PREVIEW_MIN_LABELS and self.right >= PREVIEW_PRECISION * self.labelled


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
    # options a configuration may still set, ignored: they were removed when the check changed, and an
    # upgrade must not break a configuration that set them ({option: why it no longer applies})
    retired_options: dict[str, str] = field(default_factory=dict)
    scored: bool = True  # False: reported, but not part of any score (e.g. internal errors)
    check: str | None = None  # the module in dxscan/checks holding the check (None: the engine's own, e.g. internal-error)
    precision: Precision = Precision()

    @property
    def preview(self) -> bool:
        """Not yet shown precise enough to cost points (internal errors are never scored anyway)."""
        return self.scored and not self.precision.proven


class CatalogueError(Exception):
    pass


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Rule]:
    """Every rule, by id, read once per process."""
    return _rules(_parsed_files())


def _rules(files: dict[str, Any]) -> dict[str, Rule]:
    measured = _precisions(files)
    rules = {}
    for name, raw in sorted(files.items()):
        if name != PRECISION_FILE:
            rule = _rule(raw, name, measured)
            rules[rule.id] = rule
    return rules


def precisions() -> dict[str, Precision]:
    """rules/precision.yaml: `{rule-id: {right: N, wrong: N, debatable: N}}`; absent means nothing measured."""
    return _precisions(_parsed_files())


def _precisions(files: dict[str, Any]) -> dict[str, Precision]:
    if PRECISION_FILE not in files:
        return {}
    raw = files[PRECISION_FILE] or {}
    rules = raw.get("rules") if isinstance(raw, dict) else None
    if not isinstance(rules, dict):
        raise CatalogueError(f"rules/{PRECISION_FILE}: needs a 'rules' mapping")
    return {rule_id: _precision(rule_id, counts) for rule_id, counts in rules.items()}


@lru_cache(maxsize=1)
def _parsed_files() -> dict[str, Any]:
    """Each YAML file of rules/ (the rules and precision.yaml), parsed, by file name: from
    catalogue.json when it was generated from these very texts, else from the YAML."""
    texts = _yaml_texts()
    compiled = _compiled()
    if compiled is not None and compiled.get("digest") == _digest(texts):
        return compiled["files"]
    return _parse_yaml(texts)


def _yaml_texts(folder: Any = None) -> dict[str, bytes]:
    """The YAML files of FOLDER (default: the installed rules/) by name, as bytes: only a stale
    catalogue.json needs them decoded."""
    folder = folder or resources.files("dxscan.rules")
    return {entry.name: entry.read_bytes() for entry in folder.iterdir() if entry.name.endswith(".yaml")}


def _digest(texts: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name, text in sorted(texts.items()):
        digest.update(f"{name}\0{len(text)}\0".encode())
        digest.update(text)
    return digest.hexdigest()


def _compiled() -> dict[str, Any] | None:
    entry = resources.files("dxscan.rules").joinpath(COMPILED_FILE)
    try:
        compiled = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return compiled if isinstance(compiled, dict) and isinstance(compiled.get("files"), dict) else None


def _parse_yaml(texts: dict[str, bytes]) -> dict[str, Any]:
    import yaml

    return {name: yaml.load(text.decode("utf-8"), Loader=yaml.CSafeLoader) for name, text in texts.items()}


def compiled_text(folder: Any = None) -> str:
    """catalogue.json for the YAML files of FOLDER (default: the installed rules/) as they are now.
    Raises CatalogueError when a file holds something JSON would change (a date, a number as a
    key): the JSON must read back as exactly what the YAML says."""
    texts = _yaml_texts(folder)
    files = _parse_yaml(texts)
    for name, raw in sorted(files.items()):
        if not _kept_by_json(raw):
            raise CatalogueError(f"rules/{name}: holds values JSON cannot keep as they are (dates, non-string keys)")
    document = {"generated_by": "python -m dxscan.catalogue rules (from the YAML files beside it): do not edit",
                "digest": _digest(texts), "files": dict(sorted(files.items()))}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _precision(rule_id: str, counts: Any) -> Precision:
    keys = ("right", "wrong", "debatable")
    if not isinstance(counts, dict) or any(not isinstance(counts.get(key, 0), int) for key in keys):
        raise CatalogueError(f"rules/{PRECISION_FILE}: '{rule_id}' needs integer right, wrong, debatable")
    return Precision(*(counts.get(key, 0) for key in keys))


def _rule(raw: Any, filename: str, measured: dict[str, Precision] | None = None) -> Rule:
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
        retired_options=dict(raw.get("retired_options") or {}),
        precision=(measured or {}).get(raw["id"], Precision()),
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


def _kept_by_json(value: Any) -> bool:
    try:
        return json.loads(json.dumps(value)) == value
    except (TypeError, ValueError):
        return False


def write_compiled(folder: Path) -> Path:
    """Regenerate FOLDER/catalogue.json from the YAML files beside it, written whole."""
    target = folder / COMPILED_FILE
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(compiled_text(folder), encoding="utf-8")
    os.replace(temporary, target)
    return target


if __name__ == "__main__":  # python -m dxscan.catalogue [FOLDER]: after editing a rule
    import sys

    print(f"wrote {write_compiled(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(str(resources.files('dxscan.rules'))))}")
