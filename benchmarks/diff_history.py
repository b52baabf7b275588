"""`dxscan diff` over a real history: every pair of consecutive versions of one spec in a git
repository (e.g. Stripe's openapi, `git clone ../shared/histories/stripe-spec3-2017-2022.bundle`).

For each pair it records the time of the structural comparison (both versions loaded, compared:
the step that finds every breaking change), the changes by kind and severity, and every breaking
change (id, severity, pointer, message). Sunsets are judged as of the newer commit's date. With
`--full N`, N evenly spaced pairs are also run through the whole `diff()` (two scans, findings,
scores, the gate) and timed. `--sample 30` draws that many reported breaking changes (seeded) for a
person to judge by reading both versions.

    python benchmarks/diff_history.py /work/tmp-diff/stripe --file spec3.json --out results.json \\
        --sample 30 --full 5
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from dxscan.diff import BREAKING, diff, structural_changes
from dxscan.load.loader import load
from dxscan.model import Spec


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    commits = _commits(arguments.repo, arguments.file)
    if arguments.limit:
        commits = commits[: arguments.limit + 1]
    pairs = list(itertools.pairwise(commits))
    with tempfile.TemporaryDirectory() as scratch:
        rows = [_pair(arguments.repo, arguments.file, old, new, Path(scratch)) for old, new in _progress(pairs)]
        full = _full(arguments.repo, arguments.file, pairs, arguments.full, Path(scratch))
    result = {"repo": str(arguments.repo), "file": arguments.file, "pairs": rows, "full": full,
              "summary": _summary(rows, full), "sample": _sample(rows, arguments.sample, arguments.seed)}
    Path(arguments.out).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result["summary"], indent=1))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--file", default="spec3.json")
    parser.add_argument("--out", default="diff-history.json")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pairs")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--full", type=int, default=0, help="also time N pairs through the whole diff()")
    return parser


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def _commits(repo: Path, file: str) -> list[tuple[str, date]]:
    """Commits that changed `file`, oldest first, with their commit dates."""
    lines = _git(repo, "log", "--reverse", "--format=%H %cI", "--", file).split()
    return [(sha, datetime.fromisoformat(when).date()) for sha, when in zip(lines[::2], lines[1::2])]


def _progress(pairs: list) -> Iterator:
    for index, pair in enumerate(pairs):
        if index % 25 == 0:
            print(f"{index}/{len(pairs)}", file=sys.stderr, flush=True)
        yield pair


def _write(repo: Path, file: str, sha: str, scratch: Path) -> Path:
    path = scratch / f"{sha}.json"
    if not path.exists():
        path.write_text(_git(repo, "show", f"{sha}:{file}"))
    return path


def _pair(repo: Path, file: str, old: tuple[str, date], new: tuple[str, date], scratch: Path) -> dict:
    base_path, head_path = _write(repo, file, old[0], scratch), _write(repo, file, new[0], scratch)
    started, cpu = time.perf_counter(), time.process_time()
    base, head = Spec.from_loaded(load(str(base_path))), Spec.from_loaded(load(str(head_path)))
    changes = structural_changes(base, head, new[1])
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    _drop(scratch, old[0])
    breaking = [c for c in changes if c.kind == BREAKING]
    return {
        "base": old[0][:10], "head": new[0][:10], "date": new[1].isoformat(), "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3), "changes": len(changes),
        "kinds": dict(Counter(c.kind for c in changes)),
        "breaking_errors": sum(c.severity == "error" for c in breaking),
        "breaking_warnings": sum(c.severity == "warning" for c in breaking),
        "breaking": [{"id": c.id, "severity": c.severity, "pointer": c.pointer, "side": c.side,
                      "operations": len(c.operations), "message": c.message} for c in breaking],
    }


def _drop(scratch: Path, sha: str) -> None:
    (scratch / f"{sha}.json").unlink(missing_ok=True)


def _full(repo: Path, file: str, pairs: list, count: int, scratch: Path) -> list[dict]:
    """The whole diff (two scans, findings, scores, gate) on `count` evenly spaced pairs."""
    if count <= 0 or not pairs:
        return []
    step = max(1, len(pairs) // count)
    rows = []
    for old, new in pairs[::step][:count]:
        base, head = _write(repo, file, old[0], scratch), _write(repo, file, new[0], scratch)
        started = time.perf_counter()
        result = diff(str(base), str(head), today=new[1])
        rows.append({"base": old[0][:10], "head": new[0][:10], "seconds": round(time.perf_counter() - started, 2),
                     "passed": result.verdict.passed, "reasons": list(result.verdict.reasons)})
        _drop(scratch, old[0])
        _drop(scratch, new[0])
    return rows


def _summary(rows: list[dict], full: list[dict]) -> dict:
    times = sorted(row["seconds"] for row in rows)
    with_breaking = [row for row in rows if row["breaking"]]
    return {
        "pairs": len(rows),
        "pairs_with_breaking": len(with_breaking),
        "breaking_errors": sum(row["breaking_errors"] for row in rows),
        "breaking_warnings": sum(row["breaking_warnings"] for row in rows),
        "breaking_by_id": dict(Counter(b["id"] + "/" + b["severity"] for row in rows for b in row["breaking"]).most_common()),
        "seconds_median": round(statistics.median(times), 3) if times else None,
        "seconds_p90": round(times[int(0.9 * (len(times) - 1))], 3) if times else None,
        "seconds_max": times[-1] if times else None,
        "full_diff_seconds": [row["seconds"] for row in full],
    }


def _sample(rows: list[dict], count: int, seed: int) -> list[dict]:
    everything = [{"base": row["base"], "head": row["head"], **change} for row in rows for change in row["breaking"]]
    return random.Random(seed).sample(everything, min(count, len(everything)))


if __name__ == "__main__":
    raise SystemExit(main())
