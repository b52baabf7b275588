#!/usr/bin/env python3
"""Does the overall score order APIs as a reviewer would? Checked on the pairs of
benchmarks/precision/ranking.yaml, each `better` than its `worse` for a stated reason.

    python benchmarks/ranking.py ../shared/corpus [--preview] [--jobs 1] [--dxscan PATH] [--keep DIR]

Scans every API of the set with the installed dxscan (`dxscan scan SPEC --format json --no-cache`,
one process each) and prints how many pairs the overall score orders the same way (better scores
strictly higher), for all pairs and apart for those chosen from the specs alone and those chosen
after seeing dxscan's scores (`chosen: after-scores`), then each disagreeing pair with both scores
and the pair's reason. A tie or an n/a score is a disagreement. With --preview, preview rules are scored too (`dxscan scan --preview`):
the scoring dxscan had before the preview tier. --keep DIR saves each scorecard there and reuses it
on the next run (only while the code is unchanged). Exit 0, or 2 when a spec cannot be scanned.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

PAIRS = Path(__file__).resolve().parent / "precision" / "ranking.yaml"


@dataclass(frozen=True)
class Pair:
    better: str
    worse: str
    reason: str
    chosen: str = "from-specs"  # or "after-scores": picked knowing how dxscan scored the two


class ScanError(Exception):
    pass


def read_pairs(path: Path) -> list[Pair]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = [Pair(item["better"], item["worse"], item["reason"], item.get("chosen", "from-specs")) for item in raw["pairs"]]
    for pair in pairs:
        if pair.better == pair.worse or not pair.reason.strip():
            raise SystemExit(f"{path}: pair {pair.better} / {pair.worse} needs two different APIs and a reason")
    return pairs


def overall(dxscan: str, spec: Path, preview: bool, keep: Path | None) -> int | None:
    """The spec's overall score (None when n/a), from KEEP when saved there."""
    name = "__".join(spec.parts[-2:]) + (".preview" if preview else "")
    saved = keep / f"{name}.card.json" if keep else None
    if saved is not None and saved.exists():
        return json.loads(saved.read_text(encoding="utf-8"))["score"]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "card.json"
        command = [dxscan, "scan", str(spec), "--format", "json", "--no-cache", "-o", str(target)]
        run = subprocess.run(command + (["--preview"] if preview else []), check=False, capture_output=True, text=True)
        if run.returncode not in (0, 1) or not target.exists():
            raise ScanError(f"{spec}: dxscan exited {run.returncode}: {run.stderr.strip()[-300:]}")
        text = target.read_text(encoding="utf-8")
    if saved is not None:
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(text, encoding="utf-8")
    return json.loads(text)["score"]


def agrees(pair: Pair, scores: dict[str, int | None]) -> bool:
    better, worse = scores[pair.better], scores[pair.worse]
    return better is not None and worse is not None and better > worse


def report(pairs: list[Pair], scores: dict[str, int | None], out=sys.stdout) -> int:
    agreeing = sum(agrees(pair, scores) for pair in pairs)
    out.write(f"{agreeing} of {len(pairs)} pairs ordered as the reviewer would ({100 * agreeing / len(pairs):.1f}%)\n")
    for chosen in sorted({pair.chosen for pair in pairs}):
        group = [pair for pair in pairs if pair.chosen == chosen]
        out.write(f"  chosen {chosen}: {sum(agrees(pair, scores) for pair in group)} of {len(group)}\n")
    for pair in pairs:
        if not agrees(pair, scores):
            out.write(f"\n  better {pair.better}: {_score(scores[pair.better])}\n"
                      f"  worse  {pair.worse}: {_score(scores[pair.worse])}\n"
                      f"  because {pair.reason}\n")
    return agreeing


def _score(score: int | None) -> str:
    return "n/a" if score is None else str(score)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="the corpus the pairs' spec paths are relative to")
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--dxscan", default=str(Path(sys.executable).with_name("dxscan")))
    parser.add_argument("--preview", action="store_true", help="score preview rules too (dxscan scan --preview)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="save scorecards here and reuse them on the next run")
    args = parser.parse_args()
    pairs = read_pairs(args.pairs)
    specs = sorted({spec for pair in pairs for spec in (pair.better, pair.worse)})
    try:
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            found = pool.map(lambda spec: overall(args.dxscan, args.corpus / spec, args.preview, args.keep), specs)
            scores = dict(zip(specs, found, strict=True))
    except ScanError as error:
        print(f"ranking.py: {error}", file=sys.stderr)
        return 2
    print(f"{len(pairs)} pairs of {len(specs)} APIs, scanned with {args.dxscan}{' --preview' if args.preview else ''}\n")
    report(pairs, scores)
    return 0


if __name__ == "__main__":
    sys.exit(main())
