"""Scoring the versions: each loaded from git and scanned as `dxscan scan` would at that commit,
then compared with the version before it; in parallel, in runs of consecutive versions.

A version's key hashes its content (the git blob of the spec and of every file its `$ref`s
reach), the configuration and dxscan's code. The cache ($XDG_CACHE_HOME/dxscan/history, JSON) files
an entry under the key of the spec's own blob (`root_key`), with the other files it read and their
blobs, checked at the commit (as the scan cache does with files on disk): so finding a version in
it reads no document, only blob ids. A comparison is cached under the content keys of both sides;
two consecutive versions with one content are scored once. A worker scores a run of versions in order, keeping the last
one loaded to compare the next with; the first of a run is compared with the version before the
run, which the worker loads and scans again (one extra scan per run).
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import queue
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from typing import Any

from dxscan import __version__
from dxscan.catalogue import catalogue
from dxscan.config import Config
from dxscan.history.compare import compare
from dxscan.history.model import SEVERITIES, UNCHANGED, Comparison, RuleTally, Scored, failed
from dxscan.history.revisions import Blobs, Commit
from dxscan.load.git import GitPath, load_revision
from dxscan.load.loader import LoadedSpec, LoadError
from dxscan.parallel import forks_here, gc_paused
from dxscan.results import Report
from dxscan.scan import scan_loaded
from dxscan.scan.cache import cache_dir, code_fingerprint, write_entry

FORMAT = 3  # 3: no measured half of a dimension
RUN = 48  # versions per task at most, with several jobs: one extra scan per task
MIN_RUN = 4  # ... and at least, but for the last
# The collector is paused while a run is scored (as a scan pauses it), and each version leaves about
# 12,000 objects in cycles behind: 6 MB on Stripe's spec, 290 MB a worker over a run of 48. One
# collection every 8 versions keeps it under 50 MB, for 0.12 s (a tenth of a version's scoring).
COLLECT_EVERY = 8
ADDRESSES = "addresses"  # the cache entry of the `$ref` addresses of each blob
LOOK_BACK = 3  # earlier versions a task tries, nearest first, to compare its first version with


@dataclass(frozen=True)
class Item:
    """A version to score: its commit, its configuration (or why that is broken), and the key of
    the spec's own blob with the settings."""

    index: int
    commit: Commit
    config: Config | None
    config_error: str | None
    root_key: str


@dataclass(frozen=True)
class Task:
    top: str
    items: tuple[Item, ...]  # consecutive versions, oldest first
    before: tuple[Item, ...]  # earlier versions, nearest first, to compare items[0] with
    allow_external_refs: bool
    split: bool | None


Files = tuple[tuple[str, str], ...]  # (path from the repository's top, blob id) of the other files read


@dataclass(frozen=True)
class Outcome:
    index: int
    files: Files
    scored: Scored
    base: str | None  # the content key of the version it was compared with
    compared: Comparison | None

    def key(self, root_key: str) -> str:
        return content_key(root_key, self.files)


def root_key(path: str, blob: str | None, config: Config | None, settings: str) -> str:
    """The spec's own blob, its path, the configuration, the settings and dxscan's code."""
    plain = repr(replace(config, source=None)) if config is not None else "-"
    parts = [__version__, str(FORMAT), code_fingerprint(), settings, plain, path, blob or "-"]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def content_key(root: str, files: Files) -> str:
    """A version's content: its root key and the other files it read."""
    if not files:
        return root
    return hashlib.sha256("\0".join([root, *(f"{path}={blob}" for path, blob in files)]).encode()).hexdigest()


class WorkerDied(Exception):
    """A worker process ended without finishing its versions (killed, most often for memory)."""


def run_tasks(tasks: list[Task], jobs: int, done: Callable[[], None]) -> Iterator[Outcome]:
    """Every task's outcomes, each as soon as its version is scored; DONE() after each. One process
    per job, forked once (after the imports and the rule catalogue), the tasks handed out in
    their order (newest first, see run._tasks); with one job, here. On an error or
    Ctrl-C the workers are stopped at once, not left to finish their runs.

    A worker that dies (the kernel's out-of-memory killer) loses its task, and the pool quietly
    starts another in its place, so waiting for the lost outcomes would hang for ever. Each worker
    says when it starts: a start beyond the first `workers` is a replacement, and ends the run
    with WorkerDied. That message can itself be lost with the worker (killed before its queue's
    thread sent it), or every later one blocked (killed while sending, holding the queue's lock):
    so whenever nothing arrives for a moment, the first workers are also checked to be alive."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            for outcome in score_run(task):
                done()
                yield outcome
        return
    catalogue()
    context = multiprocessing.get_context("fork" if forks_here() else "spawn")
    results = context.Queue()
    workers = min(jobs, len(tasks))
    others = _children()
    pool = context.Pool(workers, _start_worker, (results,))
    try:
        running = pool.map_async(_score_and_send, tasks, chunksize=1)
        received = _Received(results, running, workers, _children() - others)
        for _ in range(sum(len(task.items) for task in tasks)):
            outcome = received.next()
            done()
            yield outcome
        running.get()
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


_RESULTS: Any = None  # in a worker: the queue each outcome is sent back on
_STARTED = "started"  # what a worker sends first


def _start_worker(results: Any) -> None:
    global _RESULTS
    _RESULTS = results
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    results.put(_STARTED)


def _score_and_send(task: Task) -> None:
    for outcome in score_run(task):
        _RESULTS.put(outcome)


def _children() -> set[int]:
    """The process ids of this process's live children (the finished ones are reaped)."""
    return {child.pid for child in multiprocessing.active_children() if child.pid is not None}


class _Received:
    """The outcomes the workers send, one at a time; a worker's exception is raised here, and a
    worker's death as WorkerDied."""

    def __init__(self, results: Any, running: Any, workers: int, first_workers: set[int]):
        self.results, self.running, self.workers = results, running, workers
        self.first_workers = first_workers  # a pool's workers live until it is closed
        self.started = 0

    def next(self) -> Outcome:
        while True:
            try:
                message = self.results.get(timeout=0.5)
            except queue.Empty:
                if self.running.ready() and not self.running.successful():
                    self.running.get()
                if self.first_workers - _children():
                    raise WorkerDied(_DIED) from None
                continue
            if message != _STARTED:
                return message
            self.started += 1
            if self.started > self.workers:
                raise WorkerDied(_DIED)


_DIED = ("a worker process died while scoring versions (out of memory?); "
         "try --jobs 1, or fewer versions with --every or --newest")


def score_run(task: Task) -> Iterator[Outcome]:
    """Score a run of consecutive versions, each compared with the last one before it that scored."""
    with gc_paused(), Blobs(task.top) as blobs:
        previous = _first_base(task, blobs)
        for count, item in enumerate(task.items, 1):
            outcome, loaded = _score(task, blobs, item, previous)
            yield outcome
            if loaded is not None:
                previous = _Done(item, outcome.files, *loaded)
            if count % COLLECT_EVERY == 0:
                gc.collect()


@dataclass(frozen=True)
class _Done:
    item: Item
    files: Files
    loaded: LoadedSpec
    report: Report

    @property
    def key(self) -> str:
        return content_key(self.item.root_key, self.files)


def _first_base(task: Task, blobs: Blobs) -> _Done | None:
    for item in task.before:
        loaded = _load_and_scan(task, item)
        if not isinstance(loaded, str):
            return _Done(item, _files(task, blobs, item, loaded[0]), *loaded)
    return None


def _score(task: Task, blobs: Blobs, item: Item, previous: _Done | None) -> tuple[Outcome, tuple[LoadedSpec, Report] | None]:
    if previous is not None and _same_content(blobs, previous, item):
        return Outcome(item.index, previous.files, scored_from(previous.report), previous.key, UNCHANGED), (previous.loaded, previous.report)
    loaded = _load_and_scan(task, item)
    if isinstance(loaded, str):
        return Outcome(item.index, (), failed(loaded), None, None), None
    files, scored = _files(task, blobs, item, loaded[0]), scored_from(loaded[1])
    if previous is None:
        return Outcome(item.index, files, scored, None, None), loaded
    today = datetime.fromtimestamp(item.commit.timestamp, UTC).date()
    rescan = partial(_rescan, previous.item, task.split)
    compared = compare((previous.loaded, previous.report), loaded, today, rescan)
    return Outcome(item.index, files, scored, previous.key, compared), loaded


def _same_content(blobs: Blobs, previous: _Done, item: Item) -> bool:
    """The spec and every file the previous version read are the same blobs at this commit."""
    if previous.item.root_key != item.root_key:
        return False
    return all(blobs.blob_id(item.commit.sha, path) == blob for path, blob in previous.files)


def _files(task: Task, blobs: Blobs, item: Item, loaded: LoadedSpec) -> Files:
    """The files the version read besides the spec, by path from the repository's top, with their blobs."""
    found = []
    for name in loaded.files:
        path = os.path.relpath(os.path.realpath(name), task.top).replace(os.sep, "/")
        if path != item.commit.path:
            found.append((path, blobs.blob_id(item.commit.sha, path) or "-"))
    return tuple(sorted(found))


def _load_and_scan(task: Task, item: Item) -> tuple[LoadedSpec, Report] | str:
    """The version loaded and scanned, or its one-line error."""
    if item.config_error is not None:
        return item.config_error
    source = f"{item.commit.sha[:12]}:{item.commit.path}"
    try:
        loaded = load_revision(GitPath(item.commit.sha, os.path.join(task.top, item.commit.path)), task.allow_external_refs)
        return loaded, scan_loaded(loaded, source, item.config, task.split)
    except LoadError as error:
        return f"{item.commit.path}{_where(error)}: {error.message}"
    except RecursionError:
        return f"{item.commit.path}: the document is nested too deeply to read"


def _rescan(item: Item, split: bool | None, loaded: LoadedSpec) -> Report:
    """A version's document, changed, scanned as the version itself was."""
    return scan_loaded(loaded, f"{item.commit.sha[:12]}:{item.commit.path}", item.config, split)


def _where(error: LoadError) -> str:
    return "" if error.line is None else f":{error.line}"


def scored_from(report: Report) -> Scored:
    card = report.scorecard
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in report.findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    rules = tuple(RuleTally(rule.rule, dimension.name, rule.checked, rule.failed, rule.points_lost)
                  for dimension in card.dimensions for rule in dimension.rules)
    return Scored(report.spec.title, card.score, card.grade, tuple((d.name, d.score) for d in card.dimensions),
                  report.spec.operations, (counts["error"], counts["warning"], counts["info"]), rules)


class Store:
    """The history cache: per root key, the versions seen with it (their other files and scores);
    per pair of content keys, the comparison."""

    def __init__(self, enabled: bool):
        self.folder = cache_dir() / "history" if enabled else None

    def scored(self, item: Item, blobs: Blobs) -> tuple[Files, Scored] | None:
        """The version's files and scores, when an entry's files are the same blobs at its commit."""
        for variant in (self._read(item.root_key) or {}).values():
            files = tuple((path, blob) for path, blob in variant.get("files", ()))
            if all(blobs.blob_id(item.commit.sha, path) == blob for path, blob in files):
                scored = _rebuilt(Scored.from_dict, variant.get("scored"))
                return None if scored is None else (files, scored)
        return None

    def compared(self, base: str, head: str) -> Comparison | None:
        raw = self._read(_pair(base, head))
        return None if raw is None else _rebuilt(Comparison.from_dict, raw)

    def addresses(self) -> dict[str, list[str]]:
        """Blob -> the file addresses its `$ref`s name (see revisions.Blobs)."""
        raw = self._read(ADDRESSES)
        return raw if isinstance(raw, dict) else {}

    def keep_addresses(self, addresses: dict[str, list[str]]) -> None:
        if addresses != self.addresses():
            self._write(ADDRESSES, addresses)

    def keep(self, root: str, outcome: Outcome) -> None:
        variants = self._read(root) or {}
        variants[outcome.key(root)] = {"files": [list(pair) for pair in outcome.files], "scored": outcome.scored.as_dict()}
        self._write(root, variants)
        if outcome.base is not None and outcome.compared is not None:
            self._write(_pair(outcome.base, outcome.key(root)), outcome.compared.as_dict())

    def _read(self, name: str) -> dict | None:
        if self.folder is None:
            return None
        try:
            raw = json.loads((self.folder / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return raw if isinstance(raw, dict) else None

    def _write(self, name: str, value: dict) -> None:
        if self.folder is None:
            return
        write_entry(self.folder / f"{name}.json", value)


def _pair(base: str, head: str) -> str:
    return hashlib.sha256(f"{base}>{head}".encode()).hexdigest()


def _rebuilt(build: Callable, raw: Any):
    try:
        return build(raw)
    except (KeyError, TypeError, ValueError, AttributeError):  # an entry of another shape: a miss
        return None
