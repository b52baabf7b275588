"""Calibrate the abstraction metrics' anchors on a folder of real specs and write the frozen table.

    python benchmarks/graph_calibrate.py ../shared/corpus/directory --write dxscan/graph_anchors.py

For each spec it builds the dependency graph, runs the leak rules and computes the raw metrics
(dxscan/graph/metrics.py); a metric whose denominator is below MIN_N is left out for that spec (it
is marked low-confidence in a scan). Anchors, per metric, from the specs that have it:

- higher is better (resolvability, reachability, representation): 100 at the 75th percentile,
  0 at the 10th;
- lower is better (coupling, duplication): 100 at the 25th percentile, 0 at the 90th;
- prerequisite depth keeps the design's anchors (100 at 2 calls, 0 at 7): it is a small integer
  (the corpus spans 1 to 3 calls, mostly small APIs), too coarse and too size-bound to grade by;
- a degenerate spread (both percentiles equal, as when most APIs have no cycle) keeps the design's
  fixed anchors too, and the table says so;
- leak density decays exponentially, at the rate that gives the corpus's 80th percentile a score
  of 50 (most APIs have no leak at all, so the median is 0).

Twenty-one quantiles (every 5%) are kept too, so a report can say where an API stands.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import pprint
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DESIGN = {  # the design note's anchors, kept where the corpus cannot tell good from bad
    "resolvability": (0.9, 0.3), "reachability": (1.0, 0.0), "prerequisite_depth": (2.0, 7.0),
    "cycle_share": (0.0, 0.25), "coupling": (0.2, 0.8), "duplication": (0.0, 0.2), "representation": (1.0, 0.0),
}
QUANTILES = [q / 20 for q in range(21)]
FIXED = frozenset({"prerequisite_depth"})


def measure(path: str) -> tuple[str, dict[str, tuple[float | None, int]] | None, str | None]:
    """(spec, {metric: (value, n)}, error) for one spec; runs in a worker process."""
    from dxscan.checks import Context
    from dxscan.checks.abstraction import LEAK_RULES
    from dxscan.graph.metrics import raw_metrics
    from dxscan.load.loader import load
    from dxscan.scan.pipeline import as_openapi

    try:
        spec = as_openapi(load(path))
        context = Context(spec)
        leaks = {rule: len(context.hits_of(rule) or ()) for rule in LEAK_RULES}
        return path, raw_metrics(context.graph, leaks, LEAK_RULES), None
    except Exception as error:  # noqa: BLE001 - a spec that cannot be read is reported and skipped
        return path, None, f"{type(error).__name__}: {error}"


def quantile(values: list[float], q: float) -> float:
    """Linear interpolation between the closest ranks."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (position - low), 4)


def anchors(values: dict[str, list[float]], minimum: int) -> dict[str, dict]:
    from dxscan.graph.metrics import HIGHER_IS_BETTER

    table = {}
    for name, found in sorted(values.items()):
        quantiles = [quantile(found, q) for q in QUANTILES] if found else []
        if name == "leak_density":
            table[name] = {**_decay(found), "specs": len(found), "quantiles": quantiles}
            continue
        good_q, bad_q = (0.75, 0.10) if name in HIGHER_IS_BETTER else (0.25, 0.90)
        good, bad = (quantile(found, good_q), quantile(found, bad_q)) if len(found) >= minimum else (None, None)
        source = f"corpus p{round(good_q * 100)} / p{round(bad_q * 100)}"
        if name in FIXED:
            good, bad = DESIGN[name]
            source = "design anchors (a small integer, too coarse and size-bound to grade by the corpus)"
        elif good is None or good == bad:
            good, bad = DESIGN[name]
            source = "design anchors (the corpus spread is degenerate)"
        table[name] = {"good": good, "bad": bad, "source": source, "specs": len(found), "quantiles": quantiles}
    return table


def _decay(found: list[float]) -> dict:
    high = quantile(found, 0.8) if found else 0.0
    if high <= 0:
        return {"decay": 0.5, "source": "design decay (the corpus's 80th percentile has no leak)"}
    return {"decay": round(math.log(2) / high, 4), "source": "corpus p80 scores 50"}


def module_text(table: dict, corpus: str, specs: int, failed: int) -> str:
    header = {"date": datetime.date.today().isoformat(), "corpus": corpus, "specs": specs, "unreadable": failed}
    return (
        '"""Anchors of the abstraction metrics, calibrated on real specs by benchmarks/graph_calibrate.py.\n\n'
        "Frozen: regenerate with the script (and say so in the commit) rather than editing by hand.\n"
        '"""\n\n'
        f"CALIBRATED = {pprint.pformat(header, sort_dicts=True, width=110)}\n\n"
        f"ANCHORS = {pprint.pformat(table, sort_dicts=True, width=110, compact=True)}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Calibrate the abstraction metrics' anchors on a folder of specs.")
    parser.add_argument("corpus")
    parser.add_argument("--write", type=Path, help="Write the anchors module here (e.g. dxscan/graph_anchors.py).")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    arguments = parser.parse_args()
    from dxscan.graph.metrics import MIN_N

    files = sorted(str(p) for p in Path(arguments.corpus).iterdir() if p.suffix in (".json", ".yaml", ".yml"))
    values: dict[str, list[float]] = {}
    failed = []
    with ProcessPoolExecutor(arguments.jobs) as pool:
        for path, metrics, error in pool.map(measure, files, chunksize=4):
            if metrics is None:
                failed.append((path, error))
                continue
            for name, (value, n) in metrics.items():
                values.setdefault(name, [])
                if value is not None and n >= MIN_N:
                    values[name].append(value)
    table = anchors(values, MIN_N)
    for path, error in failed:
        print(f"skipped {path}: {error}", file=sys.stderr)
    for name, row in table.items():
        summary = {k: v for k, v in row.items() if k != "quantiles"}
        print(f"{name:20} {summary}")
    if arguments.write:
        from dxscan.report import write_atomic

        corpus = f"{Path(arguments.corpus).name}/ ({len(files)} specs)"
        write_atomic(str(arguments.write), module_text(table, corpus, len(files) - len(failed), len(failed)))
        print(f"wrote {arguments.write}")


if __name__ == "__main__":
    main()
