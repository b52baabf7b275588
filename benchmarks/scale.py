#!/usr/bin/env python3
"""How dxscan's cost grows with the API: copies of real specs 2x, 5x, 10x (and 20x) larger, scanned
beside Redocly CLI 2.77 `lint`, and the exponent of cost against operations fitted per stage.

    python benchmarks/scale.py ../shared/corpus [--sizes 1,2,5,10] [--big 20] [--specs github,stripe]
                                               [--runs 1] [--redocly PATH] [--no-redocly] [--no-stages]
                                               [--redocly-outputs json,codeframe]

A copy N times larger holds the spec N times over: replica 1 is the spec itself, replica k > 1 has
every path under `/r{k}` and every component (schemas, parameters, responses...; not the security
schemes, which requirements name globally) renamed `r{k}_<name>`, with its `$ref`s, discriminator
mappings and `operationRef`s rewritten and its operationIds prefixed in their own casing, so each
copy is as valid as the original and each replica refers only to itself. The multi-file
DigitalOcean spec is copied file by file into `r{k}/` folders (its operationIds renamed) under a
new root document listing every replica's paths. The copies are built by a child process (see
`build`) in a temporary folder, deleted afterwards.

For each copy, interleaved: whole-process wall time, CPU time and peak memory (wait4) of
`dxscan scan --format json --no-cache` and of `redocly lint`, then, in a fresh process, the CPU time
of each stage in one process without the two-process split (load, validate, model, graph, checks,
report: they add up to the scan). The exponent is the slope of log(cost) on log(operations),
least squares over the sizes. Compare ratios measured in one run, not seconds across runs; on a
shared machine, the CPU ratio first. `--code DIR` measures the dxscan of another source tree.

The ratios are against `redocly lint --format=summary`, Redocly's cheapest output (counts only),
while dxscan writes its whole JSON report, every finding located: the comparison least kind to
dxscan. `--redocly-outputs json,codeframe` also times Redocly writing its JSON report and its
default terminal output, in the same rounds, each with its own wall ratio. Last, the cost of each
added copy (a copy's wall time less the 1x copy's, per copy added), which fixed costs (start-up,
imports) do not blur: the ratio of whole scans grows with size when one tool's fixed cost is a
larger part of its small scans, even where each added copy costs both tools alike.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import compile_bytecode, dxscan_path, measure_usage, redocly_path

SPECS = {
    "github": "github.com_api.github.com.json",
    "stripe": "stripe.com.json",
    "rubrik": "directory/rubrikinc.github.io.json",  # Swagger 2.0 origin (info.x-origin)
    "digitalocean": "digitalocean-multifile/specification/DigitalOcean-public.v2.yaml",
}
BIG = ("github", "stripe")  # the specs taken to --big
STAGES = ("load", "validate", "model", "graph", "checks", "report")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
OPERATION_ID = re.compile(r"^(\s*operationId:\s*)(['\"]?)([^'\"\s#]+)", re.MULTILINE)


# --- building the copies ----------------------------------------------------------------------

def replicate(document: dict[str, Any], times: int) -> dict[str, Any]:
    """DOCUMENT with its paths and components TIMES over (replica 1 unchanged)."""
    result = copy.deepcopy(document)
    original_paths = document.get("paths") or {}
    components = document.get("components") or {}
    for k in range(2, times + 1):
        for path, item in original_paths.items():
            result["paths"][f"/r{k}{path}"] = _renamed(item, k)
        for kind, entries in components.items():
            if kind == "securitySchemes" or not isinstance(entries, dict):
                continue
            for name, value in entries.items():
                result["components"][kind][f"r{k}_{name}"] = _renamed(value, k)
    return result


def _renamed(value: Any, k: int, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {name: _renamed(child, k, name) for name, child in value.items()}
    if isinstance(value, list):
        return [_renamed(child, k) for child in value]
    if isinstance(value, str):
        if value.startswith("#/components/"):
            kind, _, rest = value[len("#/components/"):].partition("/")
            return value if kind == "securitySchemes" else f"#/components/{kind}/r{k}_{rest}"
        if value.startswith("#/paths/"):
            return f"#/paths/~1r{k}{value[len('#/paths/'):]}"
        if key == "operationId":
            return renamed_id(value, k)
    return value


def renamed_id(name: str, k: int) -> str:
    """An operationId of replica K, in the id's own casing (`r2-repos/get`, `r2GetAccounts`), so
    the copies do not add casing findings of their own."""
    separator = next((s for s in "-_." if s in name), None)
    if separator:
        return f"r{k}{separator}{name}"
    return f"R{k}{name}" if name[:1].isupper() else f"r{k}{name[:1].upper()}{name[1:]}"


def write_single(source: Path, times: int, folder: Path) -> Path:
    document = json.loads(source.read_text())
    target = folder / f"{source.stem}.x{times}.json"
    target.write_text(json.dumps(replicate(document, times)))
    return target


def write_multifile(root: Path, times: int, folder: Path) -> Path:
    """The multi-file spec's folder copied TIMES into r1/..r{TIMES}/ and a root listing all paths."""
    import yaml

    base = folder / f"{root.stem}.x{times}"
    for k in range(1, times + 1):
        _copy_tree(root.parent, base / f"r{k}", k)
    document = yaml.safe_load(root.read_text())
    result = _relocated(copy.deepcopy(document), "r1/")
    result["paths"] = {}
    for k in range(1, times + 1):
        prefix = "" if k == 1 else f"/r{k}"
        for path, item in (document.get("paths") or {}).items():
            result["paths"][prefix + path] = _relocated(copy.deepcopy(item), f"r{k}/")
    target = base / root.name
    target.write_text(yaml.safe_dump(result, sort_keys=False))
    return target


def _copy_tree(source: Path, target: Path, k: int) -> None:
    for directory, _, files in os.walk(source):
        destination = target / os.path.relpath(directory, source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in files:
            text = (Path(directory) / name).read_text(errors="replace")
            if k > 1:
                text = OPERATION_ID.sub(lambda m: f"{m[1]}{m[2]}{renamed_id(m[3], k)}", text)
            (destination / name).write_text(text)


def _relocated(value: Any, prefix: str) -> Any:
    """Relative file `$ref`s of the root document, pointed into one replica's folder."""
    if isinstance(value, dict):
        for name, child in value.items():
            if name == "$ref" and isinstance(child, str) and not child.startswith("#"):
                value[name] = prefix + child
            else:
                _relocated(child, prefix)
    elif isinstance(value, list):
        for child in value:
            _relocated(child, prefix)
    return value


def operations_of(path: Path) -> int:
    if path.suffix == ".json":
        document = json.loads(path.read_text())
    else:
        import yaml

        document = yaml.safe_load(path.read_text())
    return sum(1 for item in (document.get("paths") or {}).values() if isinstance(item, dict)
               for method in item if method in METHODS)


# --- measuring --------------------------------------------------------------------------------

def stage_times(spec: str) -> dict[str, float]:
    """Each stage's CPU seconds in this process, without the two-process split (they add up): CPU
    time, not wall time, so that other processes on a shared machine do not count."""
    from dxscan.catalogue import catalogue
    from dxscan.checks import Context, dimension_measures
    from dxscan.checks.engine import check, located
    from dxscan.config import Config
    from dxscan.load.loader import load
    from dxscan.parallel import gc_paused
    from dxscan.report import SCAN, render
    from dxscan.results import Report
    from dxscan.scan.pipeline import _summary, _validate, as_openapi
    from dxscan.score.card import DIMENSIONS, scorecard

    catalogue()
    config = Config()
    times: dict[str, float] = {}
    clock = time.process_time()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.process_time()
        times[stage] = now - clock
        times[f"{stage} MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the peak so far
        clock = now

    with gc_paused():
        loaded = load(spec)
        lap("load")
        spec_model = as_openapi(loaded)
        spec_model.operations, spec_model.schemas, spec_model.paths  # noqa: B018 (the model's walks)
        lap("model")
        verdict = _validate(loaded)
        lap("validate")
        context = Context(spec_model, verdict=verdict, config=config)
        context.graph  # noqa: B018
        lap("graph")
        result = located(context, check(context, DIMENSIONS))
        card = scorecard(result.results, {}, dimension_measures(context, DIMENSIONS))
        report = Report("scale", _summary(spec, spec_model), card, result.findings, verdict.valid, tuple(loaded.files))
        lap("checks")
        render(SCAN, "json", report)
        lap("report")
    return times


def staged(spec: Path, env: dict[str, str] | None) -> dict[str, float]:
    """stage_times in a fresh process (cold, like a scan)."""
    out = subprocess.run([sys.executable, __file__, "--stages-of", str(spec)], capture_output=True, text=True, check=True,
                         env=env)
    return json.loads(out.stdout)


def exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(y) on log(x)."""
    points = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else None


def run_spec(name: str, source: Path, sizes: list[int], args: argparse.Namespace, dxscan: list[str],
             redocly: str | None, folder: Path) -> list[dict[str, Any]]:
    rows = []
    env = {**os.environ, "PYTHONPATH": str(args.code.resolve())} if args.code else None
    for times in sizes:
        work = folder / f"{name}-{times}"
        work.mkdir()
        built = subprocess.run([sys.executable, __file__, "--build", str(source), str(times), str(work)],
                               capture_output=True, text=True, check=True)
        spec, operations, mb = json.loads(built.stdout)
        row: dict[str, Any] = {"spec": name, "times": times, "operations": operations, "mb": mb}
        for _ in range(args.runs):
            row.setdefault("dxscan", []).append(measure_usage([*dxscan, "scan", str(spec), "--format", "json", "--no-cache"], env))
            if redocly:
                row.setdefault("redocly", []).append(measure_usage([redocly, "lint", str(spec), "--format=summary"]))
                for output in args.redocly_outputs:
                    row.setdefault(f"redocly {output}", []).append(
                        measure_usage([redocly, "lint", str(spec), f"--format={output}"]))
        if not args.no_stages:
            row["stages"] = staged(spec, env)
        rows.append(row)
        _print_row(row, args.redocly_outputs)
        shutil.rmtree(work)
    return rows


def build(source: Path, times: int, work: Path) -> tuple[str, int, float]:
    """The copy's path, operations and size in MB. Run in a process of its own (`--build`): a
    process's peak memory as wait4 reports it includes the peak of the process that forked it
    (Linux keeps the larger at exec), so the driver must never hold a copy itself."""
    spec = write_multifile(source, times, work) if source.suffix == ".yaml" else write_single(source, times, work)
    return str(spec), operations_of(spec), _size_mb(spec if source.suffix != ".yaml" else spec.parent)


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _summary(row: dict[str, Any], tool: str) -> tuple[float, float, float] | None:
    """Median wall seconds, largest peak MB, median CPU seconds."""
    runs = row.get(tool)
    if not runs:
        return None
    return _median([r[0] for r in runs]), max(r[1] for r in runs), _median([r[3] for r in runs])


def _header(outputs: tuple[str, ...]) -> str:
    cells = ["spec", "size", "MB", "operations", "dxscan wall s", "dxscan CPU s", "dxscan MB", "Redocly wall s",
             "Redocly CPU s", "Redocly MB", "wall ratio", "CPU ratio", "memory ratio", *STAGES]
    for output in outputs:
        cells += [f"Redocly {output} wall s", f"wall ratio to {output}"]
    return "| " + " | ".join(cells) + " |\n|" + " --- |" * len(cells)


def _print_row(row: dict[str, Any], outputs: tuple[str, ...] = ()) -> None:
    dx, rd = _summary(row, "dxscan"), _summary(row, "redocly")
    stages = row.get("stages", {})
    cells = [row["spec"], f"{row['times']}x", f"{row['mb']:.1f}", f"{row['operations']:,}",
             f"{dx[0]:.2f}", f"{dx[2]:.2f}", f"{dx[1]:.0f}",
             f"{rd[0]:.2f}" if rd else "-", f"{rd[2]:.2f}" if rd else "-", f"{rd[1]:.0f}" if rd else "-",
             f"{dx[0] / rd[0]:.2f}x" if rd else "-", f"{dx[2] / rd[2]:.2f}x" if rd else "-",
             f"{dx[1] / rd[1]:.2f}x" if rd else "-",
             *(f"{stages[s]:.2f}" if s in stages else "-" for s in STAGES)]
    for output in outputs:
        other = _summary(row, f"redocly {output}")
        cells += [f"{other[0]:.2f}", f"{dx[0] / other[0]:.2f}x"] if other else ["-", "-"]
    print("| " + " | ".join(cells) + " |", flush=True)


def per_added_copy(rows: list[dict[str, Any]], tool: str) -> dict[int, float]:
    """Size -> the wall seconds each copy added to the 1x copy costs: (t(size) - t(1x)) / (size - 1)."""
    base = next((r for r in rows if r["times"] == 1), None)
    first = _summary(base, tool) if base else None
    if first is None:
        return {}
    added = {}
    for row in rows:
        mine = _summary(row, tool)
        if row["times"] > 1 and mine is not None:
            added[row["times"]] = (mine[0] - first[0]) / (row["times"] - 1)
    return added


def _print_per_added_copy(rows: list[dict[str, Any]], outputs: tuple[str, ...]) -> None:
    tools = ["redocly", *(f"redocly {output}" for output in outputs)]
    print("\nwall seconds per copy added to the 1x copy, and dxscan's ratio to each Redocly output:\n")
    print("| spec | size | dxscan | " + " | ".join(f"{tool} | ratio" for tool in tools) + " |")
    print("|" + " --- |" * (3 + 2 * len(tools)))
    for name in dict.fromkeys(r["spec"] for r in rows):
        mine = [r for r in rows if r["spec"] == name]
        dxscan = per_added_copy(mine, "dxscan")
        others = {tool: per_added_copy(mine, tool) for tool in tools}
        for times, cost in dxscan.items():
            cells = [name, f"{times}x", f"{cost:.3f}"]
            for tool in tools:
                theirs = others[tool].get(times)
                cells += [f"{theirs:.3f}", f"{cost / theirs:.2f}x"] if theirs else ["-", "-"]
            print("| " + " | ".join(cells) + " |")


def _print_exponents(rows: list[dict[str, Any]], outputs: tuple[str, ...] = ()) -> None:
    print("\nexponent of cost against operations (log-log least squares over the sizes):\n")
    print("| spec | dxscan wall | dxscan CPU | dxscan peak MB | Redocly wall | Redocly CPU | Redocly peak MB | "
          + " | ".join(STAGES) + "".join(f" | Redocly {output} wall" for output in outputs) + " |")
    print("|" + " --- |" * (7 + len(STAGES) + len(outputs)))
    for name in dict.fromkeys(r["spec"] for r in rows):
        mine = [r for r in rows if r["spec"] == name]

        def fit(value, mine=mine) -> str:
            points = [(r["operations"], value(r)) for r in mine]
            if any(y is None for _, y in points):
                return "-"
            slope = exponent(points)
            return "-" if slope is None else f"{slope:.2f}"

        cells = [*(fit(lambda r, i=i: _summary(r, "dxscan")[i]) for i in (0, 2, 1)),
                 *(fit(lambda r, i=i: (_summary(r, "redocly") or (None, None, None))[i]) for i in (0, 2, 1)),
                 *(fit(lambda r, s=s: r.get("stages", {}).get(s)) for s in STAGES),
                 *(fit(lambda r, o=o: (_summary(r, f"redocly {o}") or (None,))[0]) for o in outputs)]
        print(f"| {name} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, nargs="?")
    parser.add_argument("--sizes", default="1,2,5,10", help="copies to build, as multiples of each spec")
    parser.add_argument("--big", type=int, default=0, help="one more size, for GitHub and Stripe only (e.g. 20)")
    parser.add_argument("--specs", default=",".join(SPECS), help=f"which of {', '.join(SPECS)}")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--redocly")
    parser.add_argument("--no-redocly", action="store_true")
    parser.add_argument("--no-stages", action="store_true")
    parser.add_argument("--redocly-outputs", default="", help="also time Redocly with these --format values "
                        "(e.g. json,codeframe); the first ratios stay against --format=summary")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    parser.add_argument("--code", type=Path, help="run the dxscan of this source tree instead (`git archive COMMIT | "
                        "tar -x -C DIR`): to measure an earlier version the same way (its stages need "
                        "engine.check and engine.located, from bb8222c on: --no-stages for an older tree)")
    parser.add_argument("--stages-of", help=argparse.SUPPRESS)
    parser.add_argument("--build", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages_of:
        print(json.dumps(stage_times(args.stages_of)))
        return
    if args.build:
        print(json.dumps(build(Path(args.build[0]), int(args.build[1]), Path(args.build[2]))))
        return
    if args.corpus is None:
        parser.error("the corpus folder is required")
    sizes = [int(s) for s in args.sizes.split(",")]
    args.redocly_outputs = tuple(output for output in args.redocly_outputs.split(",") if output)
    redocly = None if args.no_redocly else redocly_path(args.redocly)
    dxscan = [sys.executable, "-P", "-c", "from dxscan.cli import run; run()"] if args.code else [dxscan_path()]
    compile_bytecode()
    if args.code:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(args.code / "dxscan")], check=False)
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f} on "
          f"{os.cpu_count()} cores; {args.runs} run(s) per copy, dxscan and Redocly interleaved; seconds, MB\n")
    print(_header(args.redocly_outputs))
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="dxscan-scale-") as folder:
        for name in args.specs.split(","):
            wanted = sizes + ([args.big] if args.big and name in BIG else [])
            rows += run_spec(name, args.corpus / SPECS[name], wanted, args, dxscan, redocly, Path(folder))
            if args.json:
                args.json.write_text(json.dumps(rows, indent=1))
    print(f"\nload average after: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")
    _print_exponents(rows, args.redocly_outputs)
    if redocly:
        _print_per_added_copy(rows, args.redocly_outputs)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
