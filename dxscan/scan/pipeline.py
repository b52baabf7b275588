"""The pipeline: load -> validate -> model -> checks -> score -> Report. No printing here."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from dxscan import __version__
from dxscan.catalogue import catalogue
from dxscan.checks import Context, dimension_measures
from dxscan.checks.engine import Checked, Locator, check, located, merged, packed
from dxscan.config import Config
from dxscan.load.loader import LoadedSpec, LoadError, load
from dxscan.model import Spec
from dxscan.parallel import ChildGone, Pending, fork_call, gc_paused, usable_cores
from dxscan.results import EngineResult, Finding, Location, Report, RuleResult, SpecSummary
from dxscan.score.card import DIMENSIONS, scorecard

# The dimensions scored on the dependency graph; the others run beside them in a second process.
GRAPH_DIMENSIONS = ("abstraction",)
SPLIT_FROM_OPERATIONS = 10

# What a scan built (the document, the model, each half's graph and analyses), kept until the
# process ends when `keep_until_exit` asked for it, instead of freed object by object as the scan
# returns: serial work between the join and the report (Stripe: 6-10 ms; the 10x Stripe copy 60 ms,
# the 20x GitHub copy 0.24 s). Only for a process that ends after its one scan without tearing
# down (the console script's `dxscan scan`): a caller that lives on would keep every spec it ever
# scanned. The spec's text is let go of when the scan is done (`_forget_texts`): one object each,
# freed at once, it makes room for the report (kept, the 20x GitHub copy peaked at 950 MiB instead
# of 846 MiB; with its text let go of, at 870 MiB, as freed).
_kept: list[Any] | None = None


def keep_until_exit() -> None:
    global _kept
    _kept = []


def _keep(value: Any) -> None:
    if _kept is not None:
        _kept.append(value)


def _forget_texts(loaded: LoadedSpec) -> None:
    if _kept is not None:
        for parsed in loaded.files.values():
            parsed.forget_text()


def scan(source: str, config: Config | None = None, allow_external_refs: bool = False) -> Report:
    """Scan one spec. Raises LoadError when it cannot be read or is not OpenAPI at all."""
    with gc_paused():
        loaded = load(source, allow_external_refs=allow_external_refs)
        _keep(loaded)
        return scan_loaded(loaded, source, config)


def scan_loaded(loaded: LoadedSpec, source: str, config: Config | None = None, split: bool | None = None) -> Report:
    """Scan a spec already loaded (`dxscan diff` loads each side once and compares it too).

    With `split`, the validator and the rules that need no dependency graph run in a forked child
    while this process builds the graph (`parallel.py`); the report is the same either way. By
    default a scan is split for APIs of SPLIT_FROM_OPERATIONS operations or more, on two cores or
    more: on a small API the fork costs more than it saves, and on one core the halves take turns.
    """
    with gc_paused():
        return _scan(loaded, source, config or Config(), split)


def _scan(loaded: LoadedSpec, source: str, config: Config, split: bool | None) -> Report:
    spec = as_openapi(loaded)
    _keep(spec)
    if split is None:
        split = len(spec.operations) >= SPLIT_FROM_OPERATIONS and usable_cores() >= 2
    parts = _scan_parts(spec, config, split)
    result = merged(part.result for part in parts)
    measures = {name: values for part in parts for name, values in part.measures.items()}
    weights = {name: config.weight(name) for name in config.weights} if config.weights else {}
    card = scorecard(result.results, weights, measures)
    valid = next((part.valid for part in parts if part.valid is not None), None)
    files = tuple(os.path.abspath(name) for name in loaded.files if name != "<stdin>")  # resolve(): 0.12 s for 2,900 files
    _forget_texts(loaded)  # every finding is located: kept, the rest needs no text
    return Report(__version__, _summary(source, spec), card, result.findings, valid, files)


def _scan_parts(spec: Spec, config: Config, split: bool) -> list[_Part]:
    if not split:
        return [_scan_part(spec, config, DIMENSIONS, True)]
    others = tuple(name for name in DIMENSIONS if name not in GRAPH_DIMENSIONS)
    catalogue()  # the rule files, parsed here once and inherited by the child instead of in both
    elsewhere = fork_call(_scan_part_packed, spec, config, others, True, serve=spec.loaded.locate_all)
    try:
        context, checked, measures = _checked_part(spec, config, GRAPH_DIMENSIONS, None)
        theirs = elsewhere.result().unpacked()  # located after the join: the child indexed the text (`_locator`)
        mine = _Part(located(context, checked, _locator(elsewhere, spec.loaded)), measures, None)
        return [mine, theirs]
    except BaseException:  # a crash or Ctrl-C here: no child left computing for nobody
        elsewhere.cancel()
        raise
    finally:
        elsewhere.let_go()


def _locator(elsewhere: Pending, loaded: LoadedSpec) -> Locator:
    """Where the graph half's findings are: asked of the child, which has sent its own half (it
    located every finding of the other five dimensions, so its index of the text's positions
    holds most of what these need), or found here when it cannot answer (it died). The graph
    half's findings are located after the join for this: on the 20x Stripe copy this process
    took 265 ms to find its 2,565 findings' lines itself (skipping most of the 53 MB text to
    reach /components/schemas' 15,500 members), while the child was still packing its own; the
    child answers in about 20 ms."""

    def locate_all(pointers: set[str]) -> dict[str, Location]:
        if pointers and elsewhere.ready():
            try:
                return elsewhere.ask(pointers)
            except ChildGone:
                pass
        return loaded.locate_all(pointers)

    return locate_all


@dataclass(frozen=True)
class _Part:
    """What one group of dimensions contributes to a report: picklable, to cross processes."""

    result: EngineResult
    measures: dict[str, dict[str, Any]]
    valid: bool | None  # the validator's verdict, from the part that ran it


@dataclass(frozen=True)
class _Packed:
    """A part as the forked child sends it back: each finding as its JSON line, severity, sort key
    and fields (`Finding.packed`) instead of the objects. The lines are written in the child,
    beside the other half, and the parent makes an object of a finding's fields only if a report
    reads them (the JSON report does not). The 10x Stripe copy's 31,000 findings took the parent
    139 ms after the join as objects (64 ms to unpickle, 75 ms to write their lines)."""

    results: tuple[RuleResult, ...]
    measures: dict[str, dict[str, Any]]
    valid: bool | None
    lines: list[str]
    severities: list[str]
    orders: list[tuple]
    fields: list[tuple]

    def unpacked(self) -> _Part:
        findings = tuple(map(Finding.packed, self.lines, self.severities, self.fields))
        return _Part(EngineResult(findings, self.results, tuple(self.orders)), self.measures, self.valid)


def _scan_part(spec: Spec, config: Config, dimensions: tuple[str, ...], validate: bool) -> _Part:
    verdict = _validate(spec.loaded) if validate else None
    context, checked, measures = _checked_part(spec, config, dimensions, verdict)
    return _Part(located(context, checked), measures, None if verdict is None else verdict.valid)


def _checked_part(spec: Spec, config: Config, dimensions: tuple[str, ...], verdict: Any) -> tuple[Context, Checked, dict]:
    """The rules and measures of DIMENSIONS, their hits not located yet (`located`): a split
    scan's graph half locates its own after the join (`_scan_parts`)."""
    context = Context(spec, verdict=verdict, config=config)
    _keep(context)
    checked = check(context, dimensions)
    return context, checked, dimension_measures(context, dimensions)


def _scan_part_packed(spec: Spec, config: Config, dimensions: tuple[str, ...], validate: bool) -> _Packed:
    part = _scan_part(spec, config, dimensions, validate)
    return _Packed(part.result.results, part.measures, part.valid, *packed(part.result))


def as_openapi(loaded: LoadedSpec) -> Spec:
    document = loaded.document
    if not isinstance(document, dict):
        raise LoadError(loaded.root, "not an OpenAPI document: the top level is not a mapping")
    if "openapi" not in document and "swagger" not in document and "swaggerVersion" in document:
        raise LoadError(loaded.root, f"Swagger {document['swaggerVersion']} is not supported (dxscan reads Swagger 2.0 and "
                                     "OpenAPI 3.0, 3.1 and 3.2; convert it first)")
    if "openapi" not in document and "swagger" not in document:
        raise LoadError(loaded.root, "not an OpenAPI or Swagger document: it has no 'openapi' or 'swagger' field")
    spec = Spec.from_loaded(loaded)
    if spec.version is None:
        declared = document.get("openapi", document.get("swagger"))
        shown = str(declared).encode("unicode_escape").decode()  # a control character must not break the one line
        raise LoadError(loaded.root, f"unsupported OpenAPI version '{shown}' (dxscan reads 2.0, 3.0, 3.1 and 3.2)")
    return spec


def _validate(loaded: LoadedSpec) -> Any:
    from dxscan.load.validate import validate

    return validate(loaded.document, loaded.resolve_ref)


def _summary(source: str, spec: Spec) -> SpecSummary:
    declared = spec.document.get("openapi", spec.document.get("swagger"))
    return SpecSummary(
        source=source, title=spec.title, version=spec.api_version,
        openapi=None if declared is None else str(declared),
        operations=len(spec.operations), paths=len(spec.paths), schemas=len(spec.schemas),
        files=len(spec.loaded.files),
    )
