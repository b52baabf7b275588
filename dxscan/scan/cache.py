"""A content-hash cache of whole reports, for repeated runs on an unchanged spec.

An entry is keyed by the dxscan version and code, the settings, the current directory and the
root file's path and content; it
records the hash of every other file the spec read, so an edit anywhere in a split spec misses.
Entries are JSON (never pickle: a CI cache can be restored from an untrusted branch). The cache
lives in $XDG_CACHE_HOME/dxscan (default ~/.cache/dxscan); a cache that cannot be written is
silently skipped, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from dxscan import __version__
from dxscan.results import DimensionScore, Finding, Location, Report, RuleScore, Scorecard, SpecSummary

FORMAT = 1


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dxscan"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Entry:
    """Where one spec's report is cached for one set of settings, and the digest of the root file
    read to key it (kept: the report's own file hashes would read and hash it again)."""

    path: Path
    root: str
    root_digest: str


def entry_for(spec: str, settings: str) -> Entry | None:
    """The entry for this spec and these settings; None for standard input or an unreadable file."""
    if spec == "-":
        return None
    try:
        root = Path(spec).resolve()
        content = root.read_bytes()
    except OSError:
        return None
    root_digest = _digest(content)  # the content is hashed once: its digest goes into the key
    parts = [__version__, str(FORMAT), code_fingerprint(), os.getcwd(), settings, str(root), root_digest]
    key = _digest("\0".join(parts).encode())
    return Entry(cache_dir() / f"{key}.json", str(root), root_digest)


def lookup(entry: Entry) -> Report | None:
    if not entry.path.is_file():
        return None
    try:
        stored = json.loads(entry.path.read_text(encoding="utf-8"))
        if not _files_unchanged(stored["files"]):
            return None
        report = _report(stored["report"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # A report shape this code does not fully rebuild (a field added since) is a miss, not a
    # silently thinner report.
    return report if json.loads(json.dumps(plain(report))) == stored["report"] else None


def store(entry: Entry, report: Report) -> None:
    try:
        hashes = {name: entry.root_digest if name == entry.root else _digest(Path(name).read_bytes())
                  for name in report.source_files}
    except OSError:
        return
    write_text(entry.path, _entry_text(hashes, report))


def _entry_text(hashes: dict[str, str], report: Report) -> str:
    """`{"files": hashes, "report": plain(report)}` as JSON, each finding written from its own
    JSON text (`Finding.json_text`), which the JSON scorecard has made already."""
    head = json.dumps({"files": hashes, "report": _plain_but_findings(report)}, ensure_ascii=False)
    findings = ", ".join(finding.json_text for finding in report.findings)
    return head.removesuffix("}}") + f', "findings": [{findings}]}}}}'


def write_entry(path: Path, value: Any) -> None:
    write_text(path, json.dumps(value))


def write_text(path: Path, text: str) -> None:
    """A cache entry written whole (a temporary file, then a rename) or, when the cache folder
    cannot be written, not at all: a cache is never worth failing the command for."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        return


def plain(report: Report) -> dict[str, Any]:
    """`dataclasses.asdict(report)`, with the findings through `Finding.as_dict` (tests/test_cache.py
    holds the two equal)."""
    return {**_plain_but_findings(report), "findings": [finding.as_dict() for finding in report.findings]}


def _plain_but_findings(report: Report) -> dict[str, Any]:
    return {
        "tool_version": report.tool_version, "spec": asdict(report.spec), "scorecard": asdict(report.scorecard),
        "valid": report.valid, "source_files": list(report.source_files),
    }


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Size and modification time of every file of the installed package, rules included: an
    upgrade or an edit of a rule misses the cache even when the version string did not change.
    The current directory is part of the key too, because reports name files relative to it."""
    package = Path(__file__).resolve().parent.parent  # dxscan/, not this stage's folder
    stamps: list[str] = []
    for folder in {package, Path(str(resources.files("dxscan.rules"))).resolve()}:
        _stamp_files(str(folder), stamps)
    return _digest("\n".join(sorted(stamps)).encode())


def _stamp_files(folder: str, stamps: list[str]) -> None:
    """`path:size:mtime` of every source file under FOLDER (os.scandir: 0.8 ms where
    Path.rglob took 2.7 ms, on every scan that may use the cache)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    _stamp_files(entry.path, stamps)
            elif entry.name.endswith((".py", ".yaml", ".json")):
                stat = entry.stat()
                stamps.append(f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}")


def _files_unchanged(hashes: dict[str, str]) -> bool:
    for name, digest in hashes.items():
        try:
            if _digest(Path(name).read_bytes()) != digest:
                return False
        except OSError:
            return False
    return True


def _report(raw: dict[str, Any]) -> Report:
    card = raw["scorecard"]
    dimensions = tuple(
        DimensionScore(**{**d, "rules": tuple(RuleScore(**r) for r in d["rules"])}) for d in card["dimensions"]
    )
    findings = tuple(Finding(**{**f, "location": Location(**f["location"])}) for f in raw["findings"])
    return Report(
        tool_version=raw["tool_version"],
        spec=SpecSummary(**raw["spec"]),
        scorecard=Scorecard(card["score"], card["grade"], dimensions),
        findings=findings,
        valid=raw["valid"],
        source_files=tuple(raw["source_files"]),
    )
