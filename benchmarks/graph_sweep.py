"""Count the graph rules' findings and the abstraction scores over a corpus, one spec at a time.

    python benchmarks/graph_sweep.py ../shared/corpus/directory --out before.json [--limit 100]
    python benchmarks/graph_sweep.py --compare before.json after.json

Only the abstraction dimension runs (the graph and its rules, in this process, one spec after
another: the machine is shared). Each spec's record holds the number of findings of each graph
rule, the dimension's score with its two parts (rules, measured), its summary and the graph rules'
messages. `--compare`
prints the totals per rule before and after, the score distribution of both runs, and the specs
whose score moved most.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dxscan.checks import Context, dimension_measures
from dxscan.checks.engine import run
from dxscan.config import Config
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi
from dxscan.score.card import scorecard

GRAPH_RULES = ("orphan-identifier", "unreachable-operation", "deep-prerequisite-chain", "ambiguous-identifier",
               "inconsistent-representation", "dependency-cycle", "god-schema", "near-duplicate-schemas", "rw-schema-leak")
BANDS = (0, 50, 60, 70, 80, 90, 101)


def measure(path: Path) -> dict:
    """One spec's graph findings and abstraction score (an error string when it cannot be read)."""
    try:
        spec = as_openapi(load(str(path)))
        context = Context(spec, config=Config())
        result = run(context, ("abstraction",))
        measures = dimension_measures(context, ("abstraction",))
    except Exception as error:  # noqa: BLE001 - a sweep records what failed and goes on
        return {"error": f"{type(error).__name__}: {error}"}
    card = scorecard(result.results, {}, measures)
    dimension = next(d for d in card.dimensions if d.name == "abstraction")
    found = Counter(f.rule for f in result.findings)
    messages = sorted(f"{f.rule}: {f.message}" for f in result.findings if f.rule in GRAPH_RULES)
    return {"counts": {rule: found[rule] for rule in GRAPH_RULES}, "score": dimension.score,
            "summary": dimension.summary, "findings": messages}


def sweep(folder: Path, limit: int | None) -> dict[str, dict]:
    specs = sorted(p for p in folder.iterdir() if p.suffix in (".json", ".yaml", ".yml"))[:limit]
    records = {}
    for index, path in enumerate(specs, 1):
        records[path.name] = measure(path)
        print(f"{index}/{len(specs)} {path.name}", file=sys.stderr)
    return records


def distribution(records: dict[str, dict]) -> str:
    scores = [r["score"] for r in records.values() if r.get("score") is not None]
    bands = Counter(next(low for low, high in pairwise(BANDS) if low <= s < high) for s in scores)
    shown = ", ".join(f"{low}-{high - 1}: {bands[low]}" for low, high in pairwise(BANDS))
    ordered = sorted(scores)
    median = ordered[len(ordered) // 2] if ordered else None
    mean = round(sum(ordered) / len(ordered), 1) if ordered else None
    return f"{len(scores)} scored, mean {mean}, median {median}; {shown}"


def compare(before: dict[str, dict], after: dict[str, dict]) -> None:
    common = sorted(set(before) & set(after))
    print(f"{len(common)} specs in both runs")
    print(f"{'rule':32} {'before':>7} {'after':>7}  specs before/after")
    for rule in GRAPH_RULES:
        counts = [(before[s].get("counts", {}).get(rule, 0), after[s].get("counts", {}).get(rule, 0)) for s in common]
        specs = (sum(1 for b, _ in counts if b), sum(1 for _, a in counts if a))
        print(f"{rule:32} {sum(b for b, _ in counts):7} {sum(a for _, a in counts):7}  {specs[0]}/{specs[1]}")
    print("abstraction before:", distribution({s: before[s] for s in common}))
    print("abstraction after: ", distribution({s: after[s] for s in common}))
    moved = [m for m in sorted(((after[s].get("score") or 0) - (before[s].get("score") or 0), s) for s in common) if m[0]]
    print(f"{len(moved)} specs' scores moved; the largest falls and rises:")
    for delta, name in moved if len(moved) <= 10 else moved[:5] + moved[-5:]:
        print(f"  {delta:+4} {name}: {before[name].get('score')} -> {after[name].get('score')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?")
    parser.add_argument("--out")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    arguments = parser.parse_args()
    if arguments.compare:
        before, after = (json.loads(Path(p).read_text()) for p in arguments.compare)
        compare(before, after)
        return
    if not arguments.folder or not arguments.out:
        parser.error("give a corpus folder and --out, or --compare BEFORE AFTER")
    records = sweep(Path(arguments.folder), arguments.limit)
    Path(arguments.out).write_text(json.dumps(records, indent=1, sort_keys=True))
    print(distribution(records))


if __name__ == "__main__":
    main()
