"""The pipeline: load -> validate -> model -> checks -> score -> Report. No printing here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .checks import Context, dimension_measures
from .config import Config
from .engine import EngineResult, Finding, run
from .load import LoadedSpec, LoadError, load
from .model import Spec
from .score import Scorecard, scorecard


@dataclass(frozen=True)
class SpecSummary:
    source: str
    title: str | None
    version: str | None
    openapi: str | None
    operations: int
    paths: int
    schemas: int
    files: int


@dataclass(frozen=True)
class Report:
    tool_version: str
    spec: SpecSummary
    scorecard: Scorecard
    findings: tuple[Finding, ...]
    valid: bool | None  # the validator's verdict; None when it did not run
    source_files: tuple[str, ...] = ()  # absolute paths of every file read (for the cache)


def scan(source: str, config: Config | None = None, allow_external_refs: bool = False) -> Report:
    """Scan one spec. Raises LoadError when it cannot be read or is not OpenAPI at all."""
    loaded = load(source, allow_external_refs=allow_external_refs)
    return scan_loaded(loaded, source, config)


def scan_loaded(loaded: LoadedSpec, source: str, config: Config | None = None) -> Report:
    """Scan a spec already loaded (`dxscan diff` loads each side once and compares it too)."""
    config = config or Config()
    spec = _openapi(loaded)
    context = Context(spec, verdict=_validate(loaded))
    result: EngineResult = run(context, config)
    weights = {name: config.weight(name) for name in config.weights} if config.weights else {}
    card = scorecard(result.results, weights, dimension_measures(context))
    valid = None if context.verdict is None else context.verdict.valid
    files = tuple(str(Path(name).resolve()) for name in loaded.files if name != "<stdin>")
    return Report(__version__, _summary(source, spec), card, result.findings, valid, files)


def _openapi(loaded: LoadedSpec) -> Spec:
    document = loaded.document
    if not isinstance(document, dict):
        raise LoadError(loaded.root, "not an OpenAPI document: the top level is not a mapping")
    if "openapi" not in document and "swagger" not in document:
        raise LoadError(loaded.root, "not an OpenAPI or Swagger document: it has no 'openapi' or 'swagger' field")
    spec = Spec.from_loaded(loaded)
    if spec.version is None:
        declared = document.get("openapi", document.get("swagger"))
        raise LoadError(loaded.root, f"unsupported OpenAPI version '{declared}' (dxscan reads 2.0, 3.0, 3.1 and 3.2)")
    return spec


def _validate(loaded: LoadedSpec) -> Any:
    from .validate import validate

    return validate(loaded.document, loaded.resolve_ref)


def _summary(source: str, spec: Spec) -> SpecSummary:
    declared = spec.document.get("openapi", spec.document.get("swagger"))
    return SpecSummary(
        source=source, title=spec.title, version=spec.api_version,
        openapi=None if declared is None else str(declared),
        operations=len(spec.operations), paths=len(spec.paths), schemas=len(spec.schemas),
        files=len(spec.loaded.files),
    )
