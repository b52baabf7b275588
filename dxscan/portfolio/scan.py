"""`dxscan scan` over several specs or folders: a portfolio of APIs.

Folders are expanded (recursively) to the *.yaml, *.yml and *.json files that declare `openapi:`
or `swagger:` at their top level, so the fragments of a multi-file spec are not taken for APIs.
Each spec is scanned in its own process (`--jobs`, default the number of cores); a spec that
cannot be read is listed as failed with its one-line error, and the others are still reported.
The portfolio adds what no single scorecard shows: the APIs side by side per dimension, and the
conventions (auth, versioning, naming, pagination, errors) in which an API parts from the rest.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from statistics import mean
from typing import NamedTuple

from dxscan import __version__
from dxscan.catalogue import DIMENSIONS
from dxscan.parallel import gc_paused
from dxscan.portfolio.conventions import Inconsistency, Profile, TraitSummary, conventions_table, inconsistencies, summarise
from dxscan.results import Report
from dxscan.score.card import GRADES, grade
from dxscan.score.debt import DebtItem, PortfolioDebt, debt_items, portfolio_debt

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
# A top-level `openapi` or `swagger` key: at the start of a YAML line, or quoted in JSON.
_DECLARES_OPENAPI = re.compile(rb'(^|\n)["\']?(openapi|swagger)["\']?[ \t]*:|"(openapi|swagger)"\s*:', re.MULTILINE)


@dataclass(frozen=True)
class ApiResult:
    """One spec of the portfolio: its scorecard and conventions, or why it could not be read."""

    source: str
    report: Report | None
    profile: Profile | None
    error: str | None  # the one-line error when the spec could not be read
    gate_failed: bool = False
    gate_reasons: tuple[str, ...] = ()  # why it failed the gate (scan.gate's phrases)

    @property
    def name(self) -> str:
        if self.report is None:
            return self.source
        return self.report.spec.title or self.source


@dataclass(frozen=True)
class DimensionSpread:
    name: str
    mean: int | None
    low: int | None
    high: int | None
    scored: int  # APIs with a score in this dimension


@dataclass(frozen=True)
class Portfolio:
    tool_version: str
    results: tuple[ApiResult, ...]  # every spec, sorted by source
    skipped: tuple[str, ...]  # files in the folders that are not OpenAPI documents
    inconsistencies: tuple[Inconsistency, ...]
    conventions: dict[str, dict[str, list[str]]]  # trait -> choice -> sources
    traits: tuple[TraitSummary, ...]  # per trait: the leading choice and the APIs that differ

    @property
    def scanned(self) -> tuple[ApiResult, ...]:
        return tuple(r for r in self.results if r.report is not None)

    @property
    def failed(self) -> tuple[ApiResult, ...]:
        return tuple(r for r in self.results if r.report is None)

    @property
    def score(self) -> int | None:
        """The mean of the APIs' overall scores (each API counts once, whatever its size)."""
        scores = [r.report.scorecard.score for r in self.scanned if r.report.scorecard.score is not None]
        return round(mean(scores)) if scores else None

    @property
    def grade(self) -> str:
        return grade(self.score)

    def names(self) -> dict[str, str]:
        """source -> the API's title (its source when it has none or could not be read)."""
        return {r.source: r.name for r in self.results}

    def reports(self) -> dict[str, Report]:
        return {r.source: r.report for r in self.scanned}

    @cached_property
    def debts(self) -> dict[str, tuple[DebtItem, ...]]:
        """source -> what to fix first in that API (computed once: every report format uses it)."""
        return {r.source: debt_items(r.report) for r in self.scanned}

    @cached_property
    def shared_debts(self) -> tuple[PortfolioDebt, ...]:
        """The problems the APIs share, the most widespread first."""
        return portfolio_debt(self.debts)

    def grades(self) -> dict[str, int]:
        """How many APIs have each grade, A to F (and n/a when some have no score)."""
        counts = {letter: 0 for _, letter in GRADES}
        for result in self.scanned:
            counts[result.report.scorecard.grade] = counts.get(result.report.scorecard.grade, 0) + 1
        return counts

    def dimensions(self) -> tuple[DimensionSpread, ...]:
        return tuple(_spread(name, self.scanned) for name in DIMENSIONS)


def _spread(name: str, results: Iterable[ApiResult]) -> DimensionSpread:
    scores = [d.score for r in results for d in r.report.scorecard.dimensions if d.name == name and d.score is not None]
    if not scores:
        return DimensionSpread(name, None, None, None, 0)
    return DimensionSpread(name, round(mean(scores)), min(scores), max(scores), len(scores))


# --- finding the specs ----------------------------------------------------------------------

class Expansion(NamedTuple):
    files: tuple[str, ...]  # specs to scan, in the order given, folders sorted, no repeats
    skipped: tuple[str, ...]  # files in folders that do not declare openapi or swagger
    empty: tuple[str, ...]  # folders with no spec in them


def expand(specs: Iterable[str]) -> Expansion:
    files: dict[str, None] = {}
    seen: set[Path] = set()
    skipped: list[str] = []
    empty: list[str] = []
    for spec in specs:
        found = list(_folder_specs(spec, skipped)) if Path(spec).is_dir() else [spec]
        if not found:
            empty.append(spec)
        for file in found:
            key = Path(file).resolve()
            if key not in seen:
                seen.add(key)
                files[file] = None
    return Expansion(tuple(files), tuple(skipped), tuple(empty))


def _folder_specs(folder: str, skipped: list[str]) -> Iterator[str]:
    candidates = sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in SPEC_SUFFIXES and p.is_file())
    for path in candidates:
        if declares_openapi(path):
            yield str(path)
        else:
            skipped.append(str(path))


def declares_openapi(path: Path) -> bool:
    """Whether a file says it is an OpenAPI or Swagger document (a cheap look at its text)."""
    try:
        return _DECLARES_OPENAPI.search(path.read_bytes()) is not None
    except OSError:
        return True  # let the scan say why it cannot be read


# --- scanning -------------------------------------------------------------------------------

class Task(NamedTuple):
    source: str
    config_file: str | None
    allow_external_refs: bool
    fail_on: str | None
    fail_under: float | None
    split: bool | None = None  # api.scan_loaded's: None lets it decide by the API's size


def scan_one(task: Task) -> ApiResult:
    """Scan one spec (in a worker process): its report, its conventions and the gate's verdict,
    or its one-line error. Never raises for a bad spec."""
    from dxscan.config import ConfigError
    from dxscan.load.loader import LoadError

    try:
        with gc_paused():  # the load and the conventions too, not only scan_loaded
            return _scan(task)
    except LoadError as error:
        return ApiResult(task.source, None, None, error.one_line())
    except ConfigError as error:
        return ApiResult(task.source, None, None, f"{task.source}: {error}")
    except RecursionError:
        return ApiResult(task.source, None, None, f"{task.source}: the document is nested too deeply to read")
    except Exception as error:  # noqa: BLE001 - one spec's crash must not lose the portfolio
        return ApiResult(task.source, None, None, f"{task.source}: dxscan failed on it: {type(error).__name__}: {error}")


def _scan(task: Task) -> ApiResult:
    from dxscan.config import find_config, load_config
    from dxscan.load.loader import load
    from dxscan.model import Spec
    from dxscan.portfolio.conventions import profile
    from dxscan.scan.gate import gate_failures, origins
    from dxscan.scan.pipeline import scan_loaded

    config_path = Path(task.config_file) if task.config_file else find_config(task.source)
    config = load_config(config_path)
    loaded = load(task.source, allow_external_refs=task.allow_external_refs)
    report = scan_loaded(loaded, task.source, config, split=task.split)
    measures = {d.name: d.measures for d in report.scorecard.dimensions}
    fail_on = task.fail_on or config.fail_on
    fail_under = task.fail_under if task.fail_under is not None else config.fail_under
    conventions = profile(measures, Spec.from_loaded(loaded))
    reasons = gate_failures(report, fail_on, fail_under, *origins(config, task.fail_on is not None, task.fail_under is not None))
    return ApiResult(task.source, report, conventions, None, bool(reasons), reasons)


def scan_all(tasks: list[Task], jobs: int, progress: Callable[[ApiResult], None] | None = None) -> list[ApiResult]:
    """Scan every task, in `jobs` processes (in this process when one job or one task)."""
    notify = progress or (lambda result: None)
    if jobs <= 1 or len(tasks) <= 1:
        results = []
        for task in tasks:
            results.append(scan_one(task))
            notify(results[-1])
        return results
    # Each worker runs many scans: it collects the cyclic garbage each one leaves (10,000-25,000
    # objects), even when the parent has stopped its own collector for good.
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=gc.enable)
    # The workers already keep the cores busy: a scan that split itself in two would only add forks.
    futures: dict[Future[ApiResult], Task] = {pool.submit(scan_one, task._replace(split=False)): task for task in tasks}
    results = []
    try:
        for future in as_completed(futures):
            results.append(_outcome(future, futures[future]))
            notify(results[-1])
    except BaseException:
        # Ctrl-C: drop the specs not started instead of scanning them all before exiting. The
        # futures are cancelled here because the executor's own cancel_futures is lost when the
        # executor is collected before its manager thread wakes up.
        for future in futures:
            future.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results


def _outcome(future: Future[ApiResult], task: Task) -> ApiResult:
    """The worker's result, or a failed entry when the worker itself died (killed, out of memory)."""
    try:
        return future.result()
    except Exception as error:  # noqa: BLE001 - a dead worker fails its spec, not the portfolio
        return ApiResult(task.source, None, None, f"{task.source}: the scan's process died: {type(error).__name__}: {error}")


def build_portfolio(results: Iterable[ApiResult], skipped: Iterable[str] = ()) -> Portfolio:
    ordered = tuple(sorted(results, key=lambda r: r.source))
    profiles = {r.source: r.profile for r in ordered if r.profile is not None}
    names = {r.source: r.name for r in ordered}
    return Portfolio(__version__, ordered, tuple(sorted(skipped)), inconsistencies(profiles, names),
                     conventions_table(profiles), summarise(profiles))
