#!/usr/bin/env python3
"""Draw the precision sample and show each sampled finding in its spec, for labelling by hand.

    python benchmarks/label.py sample CARDS_DIR CORPUS > /tmp/sample.jsonl
    python benchmarks/label.py show /tmp/sample.jsonl CORPUS [--rule R] [--start N] [--count N]
    python benchmarks/label.py heldout CARDS_DIR CORPUS [--per-rule N] [--seed S] > /tmp/heldout.jsonl

CARDS_DIR holds the scorecards of a corpus sweep (`benchmarks/sweep.py CORPUS --keep CARDS_DIR`).
`sample` draws, with a fixed seed, a stratified sample: every rule that fires gets
min(its findings, its quota) findings, drawn one API at a time (APIs in random order, one random
finding each, round after round) so one big spec cannot fill a rule's quota. The quota is 14 a rule
and 16 for the rules issue 11 names. A larger quota draws a superset of a smaller one (the random
draws do not depend on the quota), so a sample can be extended without relabelling. Only
`directory/` and the top-level specs are sampled (not the one-feature examples).

`heldout` draws the check that the labelled set's precision is not an artefact of tuning on it:
for every stable rule (one that costs points: rules/precision.yaml, read through the catalogue),
N findings (default 1) at warning or above on (spec, rule) pairs that have no label at all, one API
at a time. Label them before any fix, and compare their precision with the labelled set's.

`show` prints, for each sampled finding, the JSON at its pointer (and its parent, cut short), plus
the spec's info, servers and security schemes for findings on the whole API: what a reviewer reads
to judge the finding right, wrong or debatable. The labels themselves are written by a person into
benchmarks/precision/labels.jsonl; nothing here labels anything.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

SEED = 11
NAMED = {  # the rules issue 11 names: sampled more, so each has at least 10 labels where it fires that often
    "versioning-strategy", "versioning-mixed", "operation-unsecured", "api-key-in-query", "oauth2-scope-unused",
    "http-basic-auth", "path-segment-casing", "parameter-casing", "property-casing", "enum-value-casing",
    "operation-id-casing", "orphan-identifier", "unreachable-operation", "deep-prerequisite-chain",
    "ambiguous-identifier", "server-internal", "implementation-in-surface", "deprecated-operation-without-sunset",
    "pagination-inconsistent", "rate-limit-headers", "rate-limit-response", "rate-limit-policy-undocumented",
    "rate-limit-retry-undocumented", "inconsistent-representation", "auth-errors-undocumented",
}


def quota(rule: str, count: int) -> int:
    """14 a rule (16 for the rules issue 11 names), or all its findings when it has fewer: enough for
    10 right-or-wrong labels after the debatable ones, the preview tier's minimum."""
    return min(count, 16 if rule in NAMED else 14)


def spec_name(source: str, corpus: Path) -> str:
    try:
        return str(Path(source).resolve().relative_to(corpus.resolve()))
    except ValueError:
        return source


def sampled_specs(cards: Path, corpus: Path, severe_only: bool = False) -> dict[str, list[dict]]:
    """Findings by rule, from the cards of directory/ and the top-level specs (only those at warning
    or above when SEVERE_ONLY: the ones that cost points)."""
    by_rule: dict[str, list[dict]] = defaultdict(list)
    for card_file in sorted(cards.glob("*.card.json")):
        card = json.loads(card_file.read_text(encoding="utf-8"))
        spec = spec_name(card["spec"]["source"], corpus)
        if not (spec.startswith("directory/") or "/" not in spec):
            continue
        for finding in card["findings"]:
            if severe_only and finding["severity"] == "info":
                continue
            by_rule[finding["rule"]].append({"spec": spec, "rule": finding["rule"], "pointer": finding["pointer"],
                                             "message": finding["message"]})
    return by_rule


def draw(findings: list[dict], wanted: int, rng: random.Random) -> list[dict]:
    by_spec: dict[str, list[dict]] = defaultdict(list)
    for finding in findings:
        by_spec[finding["spec"]].append(finding)
    specs = sorted(by_spec)
    rng.shuffle(specs)
    for spec in specs:
        rng.shuffle(by_spec[spec])
    chosen: list[dict] = []
    while len(chosen) < wanted:
        for spec in specs:
            if by_spec[spec] and len(chosen) < wanted:
                chosen.append(by_spec[spec].pop())
    return chosen


def sample(cards: Path, corpus: Path) -> list[dict]:
    rng = random.Random(SEED)
    by_rule = sampled_specs(cards, corpus)
    chosen = []
    for rule in sorted(by_rule):
        if rule == "internal-error":
            continue
        chosen += draw(by_rule[rule], quota(rule, len(by_rule[rule])), rng)
    return chosen


def heldout(cards: Path, corpus: Path, labels: Path, per_rule: int, seed: int) -> list[dict]:
    """PER_RULE findings of each stable rule on (spec, rule) pairs LABELS has never judged."""
    from dxscan.catalogue import catalogue

    judged = {(item["spec"], item["rule"]) for item in map(json.loads, labels.read_text(encoding="utf-8").splitlines())}
    stable = {rule_id for rule_id, rule in catalogue().items() if not rule.preview}
    rng = random.Random(seed)
    by_rule = sampled_specs(cards, corpus, severe_only=True)
    chosen = []
    for rule in sorted(stable & by_rule.keys()):
        fresh = [f for f in by_rule[rule] if (f["spec"], rule) not in judged]
        chosen += draw(fresh, min(per_rule, len(fresh)), rng)
    return chosen


def resolve(document, pointer: str):
    node = document
    for token in pointer.lstrip("/").split("/") if pointer else []:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def cut(value, limit: int) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + f" …[{len(text)} chars]"


def show(finding: dict, corpus: Path, width: int) -> str:
    document = json.loads((corpus / finding["spec"]).read_text(encoding="utf-8"))
    lines = [f"== {finding['spec']} | {finding['rule']} | {finding['pointer']}", f"   {finding['message']}"]
    pointer = finding["pointer"]
    try:
        node = resolve(document, pointer)
        if isinstance(node, dict) and len(json.dumps(node)) > width:
            lines.append("   KEYS: " + cut(list(node), 300))
        lines.append("   AT: " + cut(node, width))
        if pointer.count("/") > 1:
            parent = pointer.rsplit("/", 1)[0]
            lines.append(f"   PARENT {parent}: " + cut(resolve(document, parent), width // 2))
    except (KeyError, IndexError, ValueError):
        lines.append("   (pointer does not resolve in the raw document)")
    if pointer.count("/") <= 1 or finding["rule"].startswith(("rate-limit", "versioning", "auth", "api-", "server")):
        info = {k: v for k, v in (document.get("info") or {}).items() if k != "x-logo"}
        lines.append("   INFO: " + cut(info, width // 2))
        lines.append("   SERVERS: " + cut(document.get("servers"), 300))
        lines.append("   SECURITY: " + cut(document.get("security"), 200) + " SCHEMES: "
                     + cut((document.get("components") or {}).get("securitySchemes"), 600))
        lines.append("   PATHS: " + cut(list(document.get("paths") or {})[:12], 400))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    draw_parser = commands.add_parser("sample")
    draw_parser.add_argument("cards", type=Path)
    draw_parser.add_argument("corpus", type=Path)
    held_parser = commands.add_parser("heldout")
    held_parser.add_argument("cards", type=Path)
    held_parser.add_argument("corpus", type=Path)
    held_parser.add_argument("--labels", type=Path, default=Path(__file__).resolve().parent / "precision" / "labels.jsonl")
    held_parser.add_argument("--per-rule", type=int, default=1)
    held_parser.add_argument("--seed", type=int, default=SEED)
    show_parser = commands.add_parser("show")
    show_parser.add_argument("sample", type=Path)
    show_parser.add_argument("corpus", type=Path)
    show_parser.add_argument("--rule")
    show_parser.add_argument("--start", type=int, default=0)
    show_parser.add_argument("--count", type=int, default=10)
    show_parser.add_argument("--width", type=int, default=1200)
    args = parser.parse_args()
    if args.command in ("sample", "heldout"):
        drawn = sample(args.cards, args.corpus) if args.command == "sample" else \
            heldout(args.cards, args.corpus, args.labels, args.per_rule, args.seed)
        for finding in drawn:
            sys.stdout.write(json.dumps(finding, ensure_ascii=False) + "\n")
        return 0
    findings = [json.loads(line) for line in args.sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    numbered = [(number, f) for number, f in enumerate(findings) if args.rule in (None, f["rule"])]
    for number, finding in numbered[args.start:args.start + args.count]:
        print(f"#{number} " + show(finding, args.corpus, args.width))
    return 0


if __name__ == "__main__":
    sys.exit(main())
