"""Parity sweep: dxscan.validate against openapi-spec-validator over a folder of specs.

    python benchmarks/validator_parity.py CORPUS_DIR [--limit N] [--exclude NAME ...]
        [--timeout SECONDS] [--mutations K] [--seed S]

Every *.json / *.yaml / *.yml file under CORPUS_DIR (recursive) is loaded (json, or
yaml.CSafeLoader) and given to both validators; the verdicts (valid or not) are compared.
openapi-spec-validator (OSV) counts as "invalid" when ``validate`` raises anything;
a file on which OSV exceeds --timeout is left out of the comparison and listed.

--mutations K also compares K mutated copies of each file OSV finds valid (a duplicated
operationId, a broken $ref, a bad default, ...), which exercises the invalid paths
that a corpus of mostly-valid specs does not.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import signal
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openapi_spec_validator
import yaml

from dxscan.load.validate import validate

SUFFIXES = (".json", ".yaml", ".yml")


@dataclass
class Outcome:
    valid: bool | None  # None: OSV timed out
    message: str
    seconds: float


@dataclass
class Tally:
    compared: int = 0
    agreements: int = 0
    osv_seconds: float = 0.0
    ours_seconds: float = 0.0
    osv_invalid: int = 0
    ours_invalid: int = 0
    disagreements: list[str] = field(default_factory=list)
    timeouts: list[str] = field(default_factory=list)
    load_errors: list[str] = field(default_factory=list)
    slowest: list[tuple[float, float, str]] = field(default_factory=list)


class _Timeout(Exception):
    pass


def _on_alarm(_signum: int, _frame: Any) -> None:
    raise _Timeout


def spec_files(root: Path, excluded: set[str], limit: int | None) -> list[Path]:
    found = sorted(p for p in root.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    kept = [p for p in found if not excluded & set(p.relative_to(root).parts[:-1])]
    return kept[:limit] if limit else kept


def load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.load(text, Loader=yaml.CSafeLoader)


def run_osv(document: Any, timeout: int) -> Outcome:
    """OSV's verdict: valid unless ``validate`` raises (any exception)."""
    start = time.perf_counter()
    signal.alarm(timeout)
    try:
        openapi_spec_validator.validate(document)
        return Outcome(True, "", time.perf_counter() - start)
    except _Timeout:
        return Outcome(None, f"timed out after {timeout} s", time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - any exception is an "invalid" verdict
        return Outcome(False, _one_line(f"{type(exc).__name__}: {exc}"), time.perf_counter() - start)
    finally:
        signal.alarm(0)


def run_ours(document: Any) -> Outcome:
    start = time.perf_counter()
    verdict = validate(document)
    seconds = time.perf_counter() - start
    first = verdict.problems[0] if verdict.problems else None
    message = f"{first.check} at '{first.pointer}': {first.message}" if first else ""
    return Outcome(verdict.valid, _one_line(message), seconds)


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def compare(name: str, document: Any, timeout: int, tally: Tally) -> bool | None:
    """Run both validators on one document; return OSV's verdict."""
    osv = run_osv(document, timeout)
    if osv.valid is None:
        tally.timeouts.append(name)
        return None
    ours = run_ours(document)
    tally.compared += 1
    tally.osv_seconds += osv.seconds
    tally.ours_seconds += ours.seconds
    tally.osv_invalid += not osv.valid
    tally.ours_invalid += not ours.valid
    tally.slowest.append((osv.seconds, ours.seconds, name))
    if osv.valid == ours.valid:
        tally.agreements += 1
    else:
        tally.disagreements.append(f"{name}\n      osv:    {_verdict(osv)}\n      dxscan: {_verdict(ours)}")
    return osv.valid


def _verdict(outcome: Outcome) -> str:
    return "valid" if outcome.valid else f"invalid ({outcome.message})"


# --------------------------------------------------------------------------
# mutations: small edits that each should (or, for OSV, may) make a spec invalid

Mutation = Callable[[Any, random.Random], bool]
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _operations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    paths = doc.get("paths") if isinstance(doc.get("paths"), dict) else {}
    items = [item for item in paths.values() if isinstance(item, dict)]
    return [op for item in items for method, op in item.items() if method in _METHODS and isinstance(op, dict)]


def _nodes(doc: Any) -> Iterator[tuple[Any, Any, Any]]:
    """(parent, key, value) for every node below the root."""
    stack = [doc]
    while stack:
        node = stack.pop()
        pairs = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in pairs:
            yield node, key, value
            stack.append(value)


def _refs(doc: Any) -> list[tuple[dict[str, Any], str]]:
    return [(parent, value) for parent, key, value in _nodes(doc) if key == "$ref" and isinstance(value, str)]


def duplicate_operation_id(doc: Any, rnd: random.Random) -> bool:
    ops = [op for op in _operations(doc) if "operationId" in op]
    if len(ops) < 2:
        return False
    first, second = rnd.sample(ops, 2)
    second["operationId"] = first["operationId"]
    return True


def rename_template_parameter(doc: Any, rnd: random.Random) -> bool:
    paths = doc.get("paths") if isinstance(doc.get("paths"), dict) else {}
    templated = [url for url in paths if "{" in url]
    if not templated:
        return False
    url = rnd.choice(templated)
    paths[url.replace("{", "{x", 1)] = paths.pop(url)
    return True


def duplicate_parameter(doc: Any, rnd: random.Random) -> bool:
    ops = [op for op in _operations(doc) if isinstance(op.get("parameters"), list) and op["parameters"]]
    if not ops:
        return False
    params = rnd.choice(ops)["parameters"]
    params.append(copy.deepcopy(rnd.choice(params)))
    return True


def break_ref(doc: Any, rnd: random.Random) -> bool:
    refs = _refs(doc)
    if not refs:
        return False
    parent, ref = rnd.choice(refs)
    parent["$ref"] = rnd.choice([ref + "Missing", "other.yaml" + ref])
    return True


def bad_default(doc: Any, rnd: random.Random) -> bool:
    typed = [v for _, _, v in _nodes(doc) if isinstance(v, dict) and isinstance(v.get("type"), str)]
    if not typed:
        return False
    schema = rnd.choice(typed)
    schema["default"] = rnd.choice(["abc", 12, None, True, [1], {"a": 1}, 1.5])
    if rnd.random() < 0.3:
        schema["nullable"] = True
    return True


def break_schema(doc: Any, rnd: random.Random) -> bool:
    typed = [v for _, _, v in _nodes(doc) if isinstance(v, dict) and isinstance(v.get("type"), str)]
    if not typed:
        return False
    edits = [("required", []), ("enum", []), ("pattern", "("), ("minLength", -2), ("items", [{}]), ("type", "file")]
    key, value = rnd.choice(edits)
    rnd.choice(typed)[key] = value
    return True


def required_not_defined(doc: Any, rnd: random.Random) -> bool:
    components = doc.get("components") if isinstance(doc.get("components"), dict) else {}
    schemas = components.get("schemas") or doc.get("definitions")
    if not isinstance(schemas, dict) or not schemas:
        return False
    schemas[rnd.choice(list(schemas))] = {"allOf": [{"properties": {"a": {"type": "string"}}}], "required": ["a", "b"]}
    return True


def delete_field(doc: Any, rnd: random.Random) -> bool:
    names = ("name", "in", "responses", "description", "schema", "type", "items", "content")
    found = [(parent, key) for parent, key, _ in _nodes(doc) if isinstance(parent, dict) and key in names]
    if not found:
        return False
    parent, key = rnd.choice(found)
    del parent[key]
    return True


MUTATIONS: tuple[Mutation, ...] = (
    duplicate_operation_id,
    rename_template_parameter,
    duplicate_parameter,
    break_ref,
    bad_default,
    break_schema,
    required_not_defined,
    delete_field,
)


def compare_mutations(name: str, document: Any, count: int, args: argparse.Namespace, tally: Tally) -> None:
    rnd = random.Random(f"{args.seed}:{name}")
    for index in range(count):
        mutation = MUTATIONS[index % len(MUTATIONS)]
        mutated = copy.deepcopy(document)
        if mutation(mutated, rnd):
            compare(f"{name} [{mutation.__name__}]", mutated, args.timeout, tally)


# --------------------------------------------------------------------------
# report


def report(root: Path, files: list[Path], tally: Tally, args: argparse.Namespace) -> None:
    print(f"corpus: {root}" + (f"  (excluding {', '.join(args.exclude)})" if args.exclude else ""))
    print(f"files found: {len(files)}   load errors: {len(tally.load_errors)}   OSV timeouts: {len(tally.timeouts)}")
    if args.mutations:
        print(f"mutated copies: {args.mutations} per valid file (seed {args.seed})")
    print()
    print(f"{'':24}{'documents':>10}{'agree':>8}{'disagree':>10}{'OSV invalid':>13}{'dxscan invalid':>16}")
    disagree = len(tally.disagreements)
    row = f"{tally.compared:>10}{tally.agreements:>8}{disagree:>10}{tally.osv_invalid:>13}{tally.ours_invalid:>16}"
    print(f"{'compared':24}{row}")
    print()
    speedup = tally.osv_seconds / tally.ours_seconds if tally.ours_seconds else float("inf")
    print(f"total time: dxscan {tally.ours_seconds:.2f} s   OSV {tally.osv_seconds:.2f} s   ({speedup:.0f}x)")
    print("slowest for OSV (OSV s / dxscan s):")
    for osv_s, ours_s, name in sorted(tally.slowest, reverse=True)[:5]:
        print(f"  {osv_s:8.2f} {ours_s:8.3f}  {name}")
    _listing("disagreements", tally.disagreements)
    _listing("OSV timeouts (not compared)", tally.timeouts)
    _listing("load errors (not compared)", tally.load_errors)


def _listing(title: str, lines: list[str]) -> None:
    if not lines:
        return
    print(f"\n{title}:")
    for line in lines:
        print(f"  {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="only the first N files (sorted by path)")
    parser.add_argument("--exclude", action="append", default=[], help="skip folders with this name (repeatable)")
    parser.add_argument("--timeout", type=int, default=60, help="seconds OSV may spend on one document")
    parser.add_argument("--mutations", type=int, default=0, help="mutated copies per OSV-valid file")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    warnings.simplefilter("ignore")
    signal.signal(signal.SIGALRM, _on_alarm)
    files = spec_files(args.corpus, set(args.exclude), args.limit)
    tally = Tally()
    for path in files:
        name = str(path.relative_to(args.corpus))
        try:
            document = load(path)
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
            tally.load_errors.append(f"{name}: {_one_line(str(exc), 100)}")
            continue
        if compare(name, document, args.timeout, tally) and args.mutations:
            compare_mutations(name, document, args.mutations, args, tally)
        print(f"\r{tally.compared} compared", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    report(args.corpus, files, tally, args)
    return 1 if tally.disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
