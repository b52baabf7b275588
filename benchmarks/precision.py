#!/usr/bin/env python3
"""Precision of dxscan's findings, measured against the findings labelled by hand.

    python benchmarks/precision.py ../shared/corpus [--jobs 1] [--dxscan PATH] [--rule R]
                                   [--write-catalogue] [--write-baseline] [--json FILE] [--keep DIR]

benchmarks/precision/labels.jsonl holds findings judged by reading the spec around their pointer:
one JSON object a line with spec (relative to the corpus), rule, pointer, message, label (right,
wrong or debatable) and reason. This script rescans every labelled spec with the installed dxscan
(`dxscan scan SPEC --format json --no-cache`, one process each) and prints:

- precision per rule, per dimension and overall: right / (right + wrong) over the labelled findings
  the code still reports (debatable ones are excluded);
- the labelled findings that disappeared (the code no longer reports them: a fix, or a changed
  message), per rule;
- the findings that appeared on the labelled specs since the labels were made (not in
  benchmarks/precision/baseline.txt), per rule: these are the ones to sample and label next.

A labelled finding is identified by (spec, rule, pointer) and its message with the numbers taken
out (`41 of 44` -> `# of #`), not by fingerprint. --write-catalogue writes rules/precision.yaml
(the catalogue's measured precision, which sets the preview tier); --write-baseline records the
current findings of the labelled specs as the new baseline (after relabelling). Exit 0, or 2 when a
spec cannot be scanned.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from dxscan.catalogue import DIMENSIONS, PREVIEW_MIN_LABELS, PREVIEW_PRECISION, catalogue

HERE = Path(__file__).resolve().parent
LABELS = HERE / "precision" / "labels.jsonl"
BASELINE = HERE / "precision" / "baseline.txt"
CATALOGUE_FILE = HERE.parent / "rules" / "precision.yaml"
VERDICTS = ("right", "wrong", "debatable")


@dataclass(frozen=True)
class Label:
    spec: str
    rule: str
    pointer: str
    message: str
    label: str
    reason: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.pointer, normalised(self.message))

    @property
    def held_out(self) -> bool:
        """Drawn by `label.py heldout` (a (spec, rule) pair never labelled) and judged before any
        fix: precision on these is the check that the labelled set's is not an artefact of tuning."""
        return self.reason.startswith("held-out")


def normalised(message: str) -> str:
    """The message without its counts and percentages, which fixes elsewhere in a spec change."""
    return re.sub(r"\s+", " ", re.sub(r"\d+(\.\d+)?", "#", message)).strip().lower()


def finding_hash(spec: str, rule: str, pointer: str, message: str) -> str:
    """10 hex digits of (spec, rule, pointer, normalised message): the baseline's one line per finding."""
    return hashlib.sha1(f"{spec}\0{rule}\0{pointer}\0{normalised(message)}".encode()).hexdigest()[:10]


def read_labels(path: Path) -> list[Label]:
    labels = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        raw = json.loads(line)
        if raw.get("label") not in VERDICTS or not raw.get("reason"):
            raise SystemExit(f"{path}:{number}: label must be one of {', '.join(VERDICTS)}, with a reason")
        labels.append(Label(raw["spec"], raw["rule"], raw["pointer"], raw["message"], raw["label"], raw["reason"]))
    return labels


class ScanError(Exception):
    pass


def scan(dxscan: str, spec: Path, keep: Path | None = None) -> list[dict]:
    """The spec's findings as `dxscan scan --format json` reports them (from KEEP when saved there)."""
    saved = keep / (spec.name + ".findings.json") if keep else None
    if saved is not None and saved.exists():
        return json.loads(saved.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "card.json"
        run = subprocess.run([dxscan, "scan", str(spec), "--format", "json", "--no-cache", "-o", str(target)],
                             check=False, capture_output=True, text=True)
        if run.returncode not in (0, 1) or not target.exists():
            raise ScanError(f"{spec}: dxscan exited {run.returncode}: {run.stderr.strip()[-300:]}")
        findings = json.loads(target.read_text(encoding="utf-8"))["findings"]
    if saved is not None:
        saved.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(saved, json.dumps(findings))
    return findings


def scan_all(dxscan: str, corpus: Path, specs: list[str], jobs: int, keep: Path | None) -> dict[str, list[dict]]:
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        found = pool.map(lambda spec: scan(dxscan, corpus / spec, keep), specs)
        return dict(zip(specs, found, strict=True))


@dataclass
class Tally:
    counts: Counter
    disappeared: dict[str, list[Label]]
    appeared: dict[str, list[tuple[str, dict]]] | None  # None: no baseline to compare with
    held_out: Counter  # (when, verdict): "judged" for every held-out label, "reported" for those still reported


def tally(labels: list[Label], found: dict[str, list[dict]], baseline: set[str] | None) -> Tally:
    counts: Counter = Counter()
    held_out: Counter = Counter()
    disappeared: dict[str, list[Label]] = defaultdict(list)
    appeared: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    current = {spec: {(f["rule"], f["pointer"], normalised(f["message"])) for f in findings}
               for spec, findings in found.items()}
    for label in labels:
        reported = label.key in current[label.spec]
        if reported:
            counts[(label.rule, label.label)] += 1
        else:
            disappeared[label.rule].append(label)
        if label.held_out:
            held_out[("judged", label.label)] += 1
            held_out[("reported", label.label)] += reported
    if baseline is None:
        return Tally(counts, disappeared, None, held_out)
    for spec, findings in found.items():
        for finding in findings:
            if finding_hash(spec, finding["rule"], finding["pointer"], finding["message"]) not in baseline:
                appeared[finding["rule"]].append((spec, finding))
    return Tally(counts, disappeared, appeared, held_out)


def share(right: int, wrong: int) -> str:
    return f"{100 * right / (right + wrong):5.1f}%" if right + wrong else "    - "


def rows(counts: Counter) -> tuple[list[tuple], list[tuple], tuple]:
    """(rule rows, dimension rows, overall): each (name, right, wrong, debatable)."""
    rules = catalogue()
    rule_ids = sorted({rule for rule, _ in counts})
    rule_rows = [(rule, *(counts[(rule, verdict)] for verdict in VERDICTS)) for rule in rule_ids]
    by_dimension: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for rule, *numbers in rule_rows:
        dimension = rules[rule].dimension if rule in rules else "?"
        by_dimension[dimension] = [a + b for a, b in zip(by_dimension[dimension], numbers, strict=True)]
    dimension_rows = [(d, *by_dimension[d]) for d in DIMENSIONS if d in by_dimension]
    overall = ("overall", *(sum(row[i] for row in rule_rows) for i in (1, 2, 3)))
    return rule_rows, dimension_rows, overall


def status(right: int, wrong: int) -> str:
    proven = right + wrong >= PREVIEW_MIN_LABELS and right >= PREVIEW_PRECISION * (right + wrong)
    return "stable" if proven else "preview"


def print_report(result: Tally, out=sys.stdout) -> None:
    rule_rows, dimension_rows, overall = rows(result.counts)
    out.write(f"{'rule':38} {'right':>5} {'wrong':>5} {'debat':>5} {'precision':>9}  status\n")
    for name, right, wrong, debatable in rule_rows:
        out.write(f"{name:38} {right:5} {wrong:5} {debatable:5} {share(right, wrong):>9}  {status(right, wrong)}\n")
    out.write(f"\n{'dimension':38} {'right':>5} {'wrong':>5} {'debat':>5} {'precision':>9}\n")
    for name, right, wrong, debatable in [*dimension_rows, overall]:
        out.write(f"{name:38} {right:5} {wrong:5} {debatable:5} {share(right, wrong):>9}\n")
    if any(result.held_out.values()):
        judged = [result.held_out[("judged", verdict)] for verdict in VERDICTS]
        still = [result.held_out[("reported", verdict)] for verdict in VERDICTS]
        out.write(f"\nheld-out labels (judged before any fix): {judged[0]} right, {judged[1]} wrong, {judged[2]} debatable "
                  f"({share(judged[0], judged[1]).strip()}); still reported: {still[0]} right, {still[1]} wrong "
                  f"({share(still[0], still[1]).strip()})\n")
    gone = sum(len(labels) for labels in result.disappeared.values())
    out.write(f"\nlabelled findings no longer reported: {gone}\n")
    for rule in sorted(result.disappeared):
        for label in result.disappeared[rule]:
            out.write(f"  - {rule} [{label.label}] {label.spec} {label.pointer}: {label.message}\n")
    if result.appeared is None:
        out.write("\nno baseline yet: --write-baseline records today's findings to compare later runs with\n")
        return
    new = sum(len(items) for items in result.appeared.values())
    out.write(f"\nfindings on the labelled specs not in the baseline: {new}\n")
    for rule in sorted(result.appeared):
        items = result.appeared[rule]
        out.write(f"  + {rule}: {len(items)}\n")
        for spec, finding in items[:5]:
            out.write(f"      {spec} {finding['pointer']}: {finding['message']}\n")


def write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def catalogue_text(counts: Counter, labels: int) -> str:
    rule_rows, _, _ = rows(counts)
    lines = [
        "# Generated by `benchmarks/precision.py --write-catalogue`: do not edit by hand.",
        f"# Each rule's labelled findings (of {labels} in benchmarks/precision/labels.jsonl) that the code",
        f"# reports, as judged: right / wrong / debatable. A rule is stable once it shows {PREVIEW_PRECISION:.0%} right on",
        f"# at least {PREVIEW_MIN_LABELS} right+wrong labels; until then it is preview (reported at info, costs no points).",
        "rules:",
    ]
    for name, right, wrong, debatable in rule_rows:
        lines.append(f"  {name}: {{right: {right}, wrong: {wrong}, debatable: {debatable}}}")
    return "\n".join(lines) + "\n"


def baseline_of(found: dict[str, list[dict]]) -> str:
    hashes = {finding_hash(spec, f["rule"], f["pointer"], f["message"]) for spec, findings in found.items() for f in findings}
    return "".join(f"{line}\n" for line in sorted(hashes))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="the corpus the labels' spec paths are relative to")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--dxscan", default=str(Path(sys.executable).with_name("dxscan")))
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--rule", help="only the specs with labels of this rule, and only its figures")
    parser.add_argument("--write-catalogue", action="store_true", help="write rules/precision.yaml")
    parser.add_argument("--write-baseline", action="store_true", help="record today's findings as the baseline")
    parser.add_argument("--json", type=Path, help="also write the per-rule counts as JSON here")
    parser.add_argument("--keep", type=Path, help="save each spec's findings here, and reuse them on the next run "
                        "(only while the code is unchanged)")
    args = parser.parse_args()
    labels = read_labels(args.labels)
    if args.rule:
        labels = [label for label in labels if label.rule == args.rule]
    specs = sorted({label.spec for label in labels})
    try:
        found = scan_all(args.dxscan, args.corpus, specs, args.jobs, args.keep)
    except ScanError as error:
        print(f"precision.py: {error}", file=sys.stderr)
        return 2
    baseline = set(BASELINE.read_text(encoding="utf-8").split()) if BASELINE.exists() else None
    result = tally(labels, found, baseline)
    if args.rule and result.appeared is not None:
        result.appeared = {rule: items for rule, items in result.appeared.items() if rule == args.rule}
    print(f"{len(labels)} labelled findings on {len(specs)} specs, scanned with {args.dxscan}\n")
    print_report(result)
    if args.json:
        write_atomic(args.json, json.dumps({f"{rule}:{verdict}": n for (rule, verdict), n in sorted(result.counts.items())}, indent=1))
    if args.write_catalogue and not args.rule:
        write_atomic(CATALOGUE_FILE, catalogue_text(result.counts, len(labels)))
        print(f"\nwrote {CATALOGUE_FILE}")
        subprocess.run([sys.executable, "-m", "dxscan.catalogue", str(CATALOGUE_FILE.parent)], check=True)  # its digest covers precision.yaml
    if args.write_baseline and not args.rule:
        write_atomic(BASELINE, baseline_of(found))
        print(f"wrote {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
