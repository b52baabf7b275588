#!/usr/bin/env python3
"""Whole-process wall time and peak memory of `dxscan scan --format json` beside `redocly lint`,
in the same run, interleaved, on real specs. Compare the ratios, not the seconds: machines are noisy.

    python benchmarks/bench.py ../shared/corpus [--runs 3] [--redocly PATH] [--one-core]
                                               [--against DIR] [--specs stripe,github] [--extra FILE]
                                               [--redocly-outputs json,codeframe]

Redocly CLI 2.77 is installed with npm into benchmarks/.scratch/ when PATH is not given and it is
missing there. dxscan runs twice per round: cold (an empty cache folder) and warm (the same folder
again), so the cache's effect is reported separately. A large spec's scan runs in two processes
(dxscan/parallel.py); its peak memory here is the larger of the two (what wait4 reports for a
process and the children it waited for), and the child shares most of its pages with the parent.

`--against DIR` also runs the dxscan of another source tree (`git archive COMMIT | tar -x -C DIR`)
cold in each round, interleaved, so a change is measured before and after beside Redocly in one
run; the CPU column (user + system of the process and its children) is the steadier figure on a
shared machine. `--extra FILE` adds a spec (a synthetic copy from benchmarks/scale.py, say).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SPECS = {
    "GitHub (5.7 MB, 845 ops)": "github.com_api.github.com.json",
    "Stripe (2.5 MB, 452 ops)": "stripe.com.json",
    "DigitalOcean (2,900 files)": "digitalocean-multifile/specification/DigitalOcean-public.v2.yaml",
}
SHORT = {"github": "GitHub (5.7 MB, 845 ops)", "stripe": "Stripe (2.5 MB, 452 ops)", "digitalocean": "DigitalOcean (2,900 files)"}
SCRATCH = Path(__file__).resolve().parent / ".scratch"


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(wall seconds, peak resident MB, exit code) of one whole process."""
    return measure_usage(command, env)[:3]


def measure_usage(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int, float]:
    """`measure`, and the CPU seconds (user + system) of the process and the children it waited for:
    on a shared machine, the part of the cost other processes do not change."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


def redocly_path(given: str | None) -> str:
    if given:
        return given
    binary = SCRATCH / "node_modules" / ".bin" / "redocly"
    if not binary.exists():
        SCRATCH.mkdir(parents=True, exist_ok=True)
        print("installing @redocly/cli@2.77 into", SCRATCH, file=sys.stderr)
        subprocess.run(["npm", "install", "--silent", "--prefix", str(SCRATCH), "@redocly/cli@2.77"], check=True)
    return str(binary)


def dxscan_path() -> str:
    found = shutil.which("dxscan") or str(Path(sys.executable).parent / "dxscan")
    return found


def compile_bytecode() -> None:
    """Measure dxscan as `pip install .` leaves it: pip compiles every module it installs, but an
    editable install run with PYTHONDONTWRITEBYTECODE set (as in many containers) never gets its
    bytecode, and each run would compile dxscan's modules again (0.15 s of a Stripe scan)."""
    import dxscan

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(dxscan.__file__).parent)], check=False)


def bench_spec(spec: Path, runs: int, dxscan: str, redocly: str, prefix: list[str],
               against: Path | None = None, other_outputs: tuple[str, ...] = ()) -> dict[str, list[tuple[float, float, int, float]]]:
    """Each round: dxscan cold and warm, the other tree's dxscan cold, `redocly lint
    --format=summary` (the baseline of the ratios: Redocly's cheapest output, counts only), then
    Redocly with each of `other_outputs` (`json`, its report as a file; `codeframe`, its default
    terminal output, each problem printed with the lines around it)."""
    results: dict[str, list[tuple[float, float, int, float]]] = {"dxscan cold": [], "dxscan warm": []}
    if against is not None:
        results[f"dxscan cold ({against.name})"] = []
    results["redocly lint"] = []
    for output in other_outputs:
        results[f"redocly lint --format={output}"] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
            env = {**os.environ, "XDG_CACHE_HOME": cache}
            arguments = ["scan", str(spec), "--format", "json", "-o", os.path.join(out, "card.json")]
            results["dxscan cold"].append(measure_usage([*prefix, dxscan, *arguments], env))
            results["dxscan warm"].append(measure_usage([*prefix, dxscan, *arguments], env))
        if against is not None:  # cold too: its own empty cache folder; -P: not the current folder's dxscan
            with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
                other = [sys.executable, "-P", "-c", "from dxscan.cli import run; run()"]
                arguments = ["scan", str(spec), "--format", "json", "-o", os.path.join(out, "card.json")]
                env = {**os.environ, "XDG_CACHE_HOME": cache, "PYTHONPATH": str(against.resolve())}
                results[f"dxscan cold ({against.name})"].append(measure_usage([*prefix, *other, *arguments], env))
        results["redocly lint"].append(measure_usage([*prefix, redocly, "lint", str(spec), "--format=summary"]))
        for output in other_outputs:
            results[f"redocly lint --format={output}"].append(measure_usage([*prefix, redocly, "lint", str(spec), f"--format={output}"]))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--redocly")
    parser.add_argument("--one-core", action="store_true",
                        help="pin both tools to one core (taskset -c 0): dxscan splits a large scan over two processes")
    parser.add_argument("--against", type=Path, help="also run the dxscan of this source tree, cold, in each round")
    parser.add_argument("--specs", help=f"which of {', '.join(SHORT)} (default: all)")
    parser.add_argument("--extra", type=Path, action="append", default=[], help="another spec to measure")
    parser.add_argument("--redocly-outputs", default="",
                        help="also time Redocly with these --format values (e.g. json,codeframe); "
                             "the ratios stay against --format=summary")
    args = parser.parse_args()
    prefix = ["taskset", "-c", "0"] if args.one_core else []
    redocly, dxscan = redocly_path(args.redocly), dxscan_path()
    compile_bytecode()
    if args.against is not None:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(args.against / "dxscan")], check=False)
    cores = "pinned to 1 core" if args.one_core else f"{os.cpu_count()} cores"
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{cores}; median of {args.runs} interleaved runs; load average {load}; dxscan exit 0/1 = gate passed/failed\n")
    print("| spec | tool | wall s (median) | CPU s (median) | peak MB (max) | exit | time vs Redocly | CPU vs Redocly |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    chosen = [SPECS[SHORT[name]] for name in args.specs.split(",")] if args.specs else list(SPECS.values())
    labels = {relative: label for label, relative in SPECS.items()}
    for relative in chosen + [str(extra.resolve()) for extra in args.extra]:
        label = labels.get(relative, Path(relative).name)
        spec = args.corpus / relative
        if not spec.exists():
            print(f"| {label} | missing: {spec} | | | | | | |")
            continue
        outputs = tuple(filter(None, args.redocly_outputs.split(",")))
        _print_rows(label, bench_spec(spec, args.runs, dxscan, redocly, prefix, args.against, outputs))
    print(f"\nload average after: {' '.join(f'{value:.1f}' for value in os.getloadavg())}")


def _print_rows(label: str, results: dict[str, list[tuple[float, float, int, float]]]) -> None:
    baseline = statistics.median(row[0] for row in results["redocly lint"])
    baseline_cpu = statistics.median(row[3] for row in results["redocly lint"])
    for tool, rows in results.items():
        wall = statistics.median(row[0] for row in rows)
        cpu = statistics.median(row[3] for row in rows)
        peak = max(row[1] for row in rows)
        codes = ",".join(sorted({str(row[2]) for row in rows}))
        print(f"| {label} | {tool} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {codes} | {wall / baseline:.2f}x | {cpu / baseline_cpu:.2f}x |")


if __name__ == "__main__":
    main()
