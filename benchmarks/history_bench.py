"""`dxscan history` on a real git history: cold (empty cache), then warm (rerun), beside one scan.

    python benchmarks/history_bench.py /work/tmp-history/stripe/spec3.json [--jobs 2] [--max N] [--dxscan PATH] [--cache DIR]
                                       [--against OTHER_DXSCAN]

The spec must be inside a git repository (e.g. a clone of ../shared/histories/stripe-spec3-2017-2022.bundle).
In one run, side by side: `dxscan scan` of the spec as it is now (the unit the machine's speed is
measured in), `dxscan history` with an empty cache, and `dxscan history` again on that cache.
Prints, for each: wall seconds, CPU seconds (the process and its children), the peak resident
memory of the whole process tree (sampled every 0.1 s), and the load average before and after
(the machine may be shared). The ratios to the one scan are the figures to compare across machines.
With --cache DIR (empty or absent), the history cache is kept there for later runs (XDG_CACHE_HOME=DIR).
With --against OTHER_DXSCAN (another build, e.g. the main branch's, installed in its own virtual
environment), that build's cold history runs first, in the same run, and the ratios of the two
cold runs' CPU and wall seconds are printed: the figure to compare on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("spec", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--max", type=int, default=None)
    parser.add_argument("--dxscan", default=shutil.which("dxscan") or str(Path(sys.executable).parent / "dxscan"))
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--against", default=None, help="another dxscan command, whose cold history runs first for a side-by-side ratio")
    args = parser.parse_args()
    if args.cache is not None and args.cache.exists() and any(args.cache.iterdir()):
        raise SystemExit(f"{args.cache}: not empty; a cold run needs an empty cache")
    folder = Path(tempfile.mkdtemp(prefix="history-bench-"))
    try:
        environment = {**os.environ, "XDG_CACHE_HOME": str(args.cache.resolve() if args.cache else folder / "cache")}
        spec = args.spec.resolve()
        limit = ["--max", str(args.max)] if args.max else []
        scan = measure([args.dxscan, "scan", str(spec), "--no-cache", "-f", "json", "-o", str(folder / "scan.json")], spec.parent, environment)
        command = [args.dxscan, "history", spec.name, "-j", str(args.jobs), "-f", "json", "-o", str(folder / "history.jsonl"), *limit]
        other = None
        if args.against:
            elsewhere = {**environment, "XDG_CACHE_HOME": str(folder / "other-cache")}
            other = measure([args.against, *command[1:]], spec.parent, elsewhere)
        cold = measure(command, spec.parent, environment)
        warm = measure(command, spec.parent, environment)
        versions = sum(1 for line in (folder / "history.jsonl").read_text(encoding="utf-8").splitlines()) - 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{spec.name}: {versions} versions, --jobs {args.jobs}, {os.cpu_count()} cores")
    for name, run in (("one scan", scan), ("history cold", cold), ("history warm", warm)):
        print(f"{name:<13} {run['wall']:7.1f} s wall {run['cpu']:7.1f} s CPU {run['peak_mb']:6.0f} MB peak  "
              f"({run['wall'] / scan['wall']:6.1f} scans)  load {run['load'][0]:.1f} -> {run['load'][1]:.1f}")
    print(f"cold: {cold['wall'] / max(versions, 1):.2f} s wall and {cold['cpu'] / max(versions, 1):.2f} s CPU a version")
    if other is not None:
        print(f"{args.against} cold: {other['wall']:7.1f} s wall {other['cpu']:7.1f} s CPU {other['peak_mb']:6.0f} MB peak  "
              f"load {other['load'][0]:.1f} -> {other['load'][1]:.1f}")
        print(f"this build / {args.against}, cold: CPU {cold['cpu'] / other['cpu']:.2f}x, wall {cold['wall'] / other['wall']:.2f}x")
    return 0


def measure(command: list[str], folder: Path, environment: dict[str, str]) -> dict:
    before_load = os.getloadavg()[0]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=folder, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = _PeakMemory(process.pid)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr.decode(errors='replace').strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mb": sampler.peak_kb / 1024, "load": (before_load, os.getloadavg()[0])}


class _PeakMemory(threading.Thread):
    """The largest sum of VmRSS over a process and its descendants, sampled from /proc."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self._done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.1):
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in _tree(self.pid)))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending += parents.get(pid, [])
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
