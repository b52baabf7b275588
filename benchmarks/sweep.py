#!/usr/bin/env python3
"""Scan every document in the corpus as a user would (`dxscan scan --format json`, one process
each) and count the outcomes: exit codes, complete scorecards, crashes, internal errors.

    python benchmarks/sweep.py ../shared/corpus [--jobs 2] [--slowest 5] [--keep DIR]

With --keep DIR each scorecard is saved there; `diff -r` of two such folders shows what a change
did to the corpus's scorecards.

Exit 0 and 1 are both fine (the gate passed or failed); anything else, a traceback, a
scorecard without six scored dimensions' keys, or an internal-error finding is a failure,
listed at the end. The script exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

DIMENSIONS = {"versioning", "auth", "rate_limits", "naming", "documentation", "abstraction"}


@dataclass(frozen=True)
class Outcome:
    spec: str
    code: int
    seconds: float
    problem: str  # "" when the run is fine
    valid: bool | None = None


def corpus_specs(corpus: Path) -> list[Path]:
    """The top-level specs, the directory, the examples, and DigitalOcean's root file."""
    specs = sorted(corpus.glob("*.json")) + sorted((corpus / "directory").glob("*"))
    specs += sorted(p for p in (corpus / "oas-examples").rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    multifile = corpus / "digitalocean-multifile" / "specification" / "DigitalOcean-public.v2.yaml"
    return specs + ([multifile] if multifile.exists() else [])


def scan_one(dxscan: str, spec: Path, keep: Path | None = None) -> Outcome:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "card.json"
        started = time.perf_counter()
        run = subprocess.run([dxscan, "scan", str(spec), "--format", "json", "-o", str(target), "--no-cache"], check=False,
                             capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if run.returncode not in (0, 1) or "Traceback" in run.stderr:
            return Outcome(str(spec), run.returncode, seconds, run.stderr.strip().splitlines()[-1:][0] if run.stderr.strip() else "no message")
        if keep is not None and target.exists():
            keep.mkdir(parents=True, exist_ok=True)
            (keep / _card_name(spec)).write_bytes(target.read_bytes())
        return _check_card(spec, run.returncode, seconds, target)


def _card_name(spec: Path) -> str:
    """A flat file name for the scorecard of SPEC, unique within the corpus."""
    return "__".join(spec.parts[-3:]).replace("/", "_") + ".card.json"


def _check_card(spec: Path, code: int, seconds: float, target: Path) -> Outcome:
    try:
        card = json.loads(target.read_text())
    except (OSError, ValueError) as error:
        return Outcome(str(spec), code, seconds, f"no scorecard: {error}")
    if set(card.get("dimensions", {})) != DIMENSIONS or "score" not in card:
        return Outcome(str(spec), code, seconds, "incomplete scorecard")
    internal = [f["message"] for f in card["findings"] if f["rule"] == "internal-error"]
    if internal:
        return Outcome(str(spec), code, seconds, f"internal error: {internal[0]}", card.get("valid"))
    return Outcome(str(spec), code, seconds, "", card.get("valid"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--slowest", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="save each scorecard in this folder, to compare two versions of dxscan")
    parser.add_argument("--dxscan", help="the dxscan executable to run (default: the one beside this Python)")
    args = parser.parse_args()
    dxscan = args.dxscan or str(Path(sys.executable).parent / "dxscan")
    specs = corpus_specs(args.corpus)
    started = time.perf_counter()
    with ThreadPoolExecutor(args.jobs) as pool:
        outcomes = list(pool.map(lambda spec: scan_one(dxscan, spec, args.keep), specs))
    report(outcomes, time.perf_counter() - started, args.slowest)
    return 1 if any(o.problem for o in outcomes) else 0


def report(outcomes: list[Outcome], wall: float, slowest: int) -> None:
    codes = Counter(o.code for o in outcomes)
    failures = [o for o in outcomes if o.problem]
    valid = Counter("valid" if o.valid else "invalid" if o.valid is False else "unknown" for o in outcomes if not o.problem)
    print(f"{len(outcomes)} specs in {wall:.0f} s: exit 0: {codes[0]}, exit 1: {codes[1]}, other: {len(outcomes) - codes[0] - codes[1]}")
    print(f"complete scorecards: {len(outcomes) - len(failures)}; failures: {len(failures)}")
    print(f"validator verdicts: {dict(sorted(valid.items()))}")
    for outcome in sorted(outcomes, key=lambda o: -o.seconds)[:slowest]:
        print(f"  slowest: {outcome.seconds:.2f} s  {outcome.spec}")
    for outcome in failures:
        print(f"FAIL exit {outcome.code}: {outcome.spec}: {outcome.problem}")


if __name__ == "__main__":
    sys.exit(main())
