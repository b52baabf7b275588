"""`dxscan diff` against `dxscan scan` twice, in one run, on one spec and its YAML dump.

    python benchmarks/diff_speed.py ../shared/corpus [spec.json] [--rounds 3]

For the spec (default: GitHub's), writes the same document as YAML with its keys sorted, then for
each round times, in this process: `diff(JSON, YAML)`; `scan(JSON)` + `scan(YAML)`; and, for the
cost when the documents differ, `diff(JSON, JSON with one response property removed)`. Prints the
median CPU seconds of each and the number of changes the reformatted diff reports (it must be 0).
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from dxscan.diff import diff
from dxscan.scan.pipeline import scan


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("spec", nargs="?", default="github.com_api.github.com.json")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    source = args.corpus / args.spec
    document = json.loads(source.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        reformatted, changed = Path(folder) / "spec.yaml", Path(folder) / "changed.json"
        reformatted.write_text(yaml.dump(document, Dumper=yaml.CSafeDumper, sort_keys=True, allow_unicode=True), encoding="utf-8")
        changed.write_text(json.dumps(_remove_one_property(document)), encoding="utf-8")
        timings: dict[str, list[float]] = {"diff JSON YAML": [], "scan JSON + scan YAML": [], "diff JSON changed-JSON": []}
        changes = set()
        for _ in range(args.rounds):
            result, seconds = _timed(lambda: diff(str(source), str(reformatted)))
            timings["diff JSON YAML"].append(seconds)
            changes.add(len(result.changes))
            timings["scan JSON + scan YAML"].append(_timed(lambda: scan(str(source)))[1] + _timed(lambda: scan(str(reformatted)))[1])
            timings["diff JSON changed-JSON"].append(_timed(lambda: diff(str(source), str(changed)))[1])
    print(f"{args.spec}: {len(document.get('paths', {}))} paths, {args.rounds} rounds, median CPU seconds")
    for label, values in timings.items():
        print(f"  {label:<24} {statistics.median(values):6.2f}   (all: {', '.join(f'{v:.2f}' for v in values)})")
    print(f"  changes reported for the YAML dump: {sorted(changes)}")
    return 0 if changes == {0} else 1


def _timed(work: Callable[[], Any]) -> tuple[Any, float]:
    """The result and the CPU seconds of this process (the machine may be shared: wall time is not
    the cost of the work)."""
    start = time.process_time()
    result = work()
    return result, time.process_time() - start


def _remove_one_property(document: dict) -> dict:
    """A copy with the first property of the first named schema that has properties removed."""
    changed = copy.deepcopy(document)
    for schema in changed.get("components", {}).get("schemas", {}).values():
        properties = schema.get("properties") if isinstance(schema, dict) else None
        if properties:
            del properties[next(iter(properties))]
            return changed
    return changed


if __name__ == "__main__":
    sys.exit(main())
