#!/usr/bin/env python3
"""Whether a speed change left the scorecards alone: `dxscan scan SPEC --format json --no-cache` of
the corpus's single-file specs (GitHub, Stripe...), the multi-file DigitalOcean spec and the
largest specs of directory/, saved to a folder and compared byte for byte with another folder.

    python benchmarks/identical.py ../shared/corpus --keep /tmp/before            # before the change
    python benchmarks/identical.py ../shared/corpus --keep /tmp/after --against /tmp/before

Exits 1 when a scorecard differs (listing which) or a scan fails. One process at a time (--jobs 1).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

LARGEST = 17  # of directory/, by file size


def specs(corpus: Path, largest: int = LARGEST) -> list[Path]:
    chosen = sorted(corpus.glob("*.json"))
    chosen.append(corpus / "digitalocean-multifile/specification/DigitalOcean-public.v2.yaml")
    directory = sorted(corpus.glob("directory/*.json"), key=lambda p: (-p.stat().st_size, p.name))
    return chosen + [p for p in directory[:largest] if p.name not in {c.name for c in chosen}]


def label(spec: Path, corpus: Path) -> str:
    return str(spec.relative_to(corpus)).replace("/", "__")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--keep", type=Path, required=True, help="folder for this run's scorecards")
    parser.add_argument("--against", type=Path, help="folder of an earlier run to compare with")
    parser.add_argument("--dxscan", default=str(Path(sys.executable).parent / "dxscan"))
    parser.add_argument("--largest", type=int, default=LARGEST, help=f"how many of directory/'s largest specs (default {LARGEST})")
    args = parser.parse_args()
    args.keep.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "random")}
    failed, different = [], []
    chosen = specs(args.corpus, args.largest)
    for spec in chosen:
        name = label(spec, args.corpus)
        started = time.perf_counter()
        out = subprocess.run([args.dxscan, "scan", str(spec), "--format", "json", "--no-cache"],
                             capture_output=True, env=env, check=False)
        seconds = time.perf_counter() - started
        if out.returncode not in (0, 1) or not out.stdout:
            failed.append(f"{name}: exit {out.returncode} {out.stderr.decode()[-300:]}")
            continue
        (args.keep / f"{name}.json").write_bytes(out.stdout)
        verdict = ""
        if args.against is not None:
            before = args.against / f"{name}.json"
            same = before.exists() and before.read_bytes() == out.stdout
            verdict = "identical" if same else "DIFFERENT"
            if not same:
                different.append(name)
        print(f"{seconds:6.2f} s  {name} {verdict}", flush=True)
    compared = len(chosen) - len(failed)
    print(f"\n{len(chosen)} specs scanned, {len(failed)} failed"
          + (f", {compared - len(different)} of {compared} scorecards byte-identical" if args.against else ""))
    for line in failed + [f"different: {name}" for name in different]:
        print(line)
    sys.exit(1 if failed or different else 0)


if __name__ == "__main__":
    main()
