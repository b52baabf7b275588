#!/usr/bin/env python3
"""What YAML costs over JSON: one generated OpenAPI document of about 10^6 keys, written both ways,
scanned and diffed side by side (issue 13 item 8: YAML within 1.5x of JSON's time and memory).

    python benchmarks/yaml_cost.py [--keys 1000000] [--runs 1] [--parse-only] [--code DIR]

The document is a valid OpenAPI 3.0 API: schemas of 50 described properties each, as many as it
takes to reach --keys mapping keys, and for every tenth a `/things{i}` path with a GET and a POST
(parameters, request and response bodies naming the schema by `$ref`). The base document and a head document (one
operation removed, one property added, one description changed) are written as JSON (indented, as
generators write it) and as YAML (block style, as people write it) into a temporary folder.

For each format, interleaved per run: whole-process wall time, CPU time and peak memory (wait4) of
`dxscan scan --format json --no-cache` and of `dxscan diff --format json --fail-on none`, then the
YAML/JSON ratio of each. --parse-only measures `parse_text` alone. Compare ratios from one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import compile_bytecode, dxscan_path, measure_usage

PROPERTIES = 50
SCHEMAS_PER_PATH = 10


def schema(index: int) -> dict[str, Any]:
    """Property names differ from schema to schema: 6,000 schemas alike would measure
    near-duplicate-schemas' pairwise comparison (1,264 of them: 21 s of CPU against 2.6 s)."""
    properties = {
        f"field{p}x{index}": {"type": "string" if p % 3 else "integer", "description": f"Field {p} of thing {index}."}
        for p in range(PROPERTIES)
    }
    return {"type": "object", "description": f"Thing {index}.", "required": [f"field0x{index}"], "properties": properties}


def path_item(index: int) -> dict[str, Any]:
    def body() -> dict[str, Any]:  # a new object each time: YAML would write a shared one as an alias
        return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Thing{index}"}}}}

    return {
        "get": {
            "operationId": f"getThing{index}",
            "summary": f"Get thing {index}",
            "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "The thing.", **body()}},
        },
        "post": {
            "operationId": f"createThing{index}",
            "summary": f"Create thing {index}",
            "requestBody": {"required": True, **body()},
            "responses": {"201": {"description": "Created.", **body()}},
        },
    }


def count_keys(data: Any) -> int:
    if isinstance(data, dict):
        return len(data) + sum(count_keys(value) for value in data.values())
    if isinstance(data, list):
        return sum(count_keys(value) for value in data)
    return 0


def document(keys: int) -> dict[str, Any]:
    """An API of about `keys` mapping keys: most in schemas, as in large real specs (a path for
    every 10 schemas keeps the API at about 1,300 operations, so parsing is not lost in checks)."""
    per_schema = count_keys(schema(0)) + 1 + (count_keys(path_item(0)) + 1) / SCHEMAS_PER_PATH
    schemas = max(SCHEMAS_PER_PATH, round(keys / per_schema))
    return {
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "1.0.0", "description": "A generated API."},
        "paths": {f"/things{i}": path_item(i) for i in range(0, schemas, SCHEMAS_PER_PATH)},
        "components": {"schemas": {f"Thing{i}": schema(i) for i in range(schemas)}},
    }


def head_of(base: dict[str, Any]) -> dict[str, Any]:
    """BASE with one operation removed, one property added and one description changed."""
    head = json.loads(json.dumps(base))
    del head["paths"]["/things10"]["post"]
    head["components"]["schemas"]["Thing2"]["properties"]["extra"] = {"type": "string", "description": "New."}
    head["components"]["schemas"]["Thing3"]["description"] = "Changed."
    return head


def write(folder: Path, keys: int) -> dict[str, tuple[Path, Path]]:
    """Write the documents from a child process: a process this one starts would otherwise count
    the generated document's memory in its peak (the pages it shares until it runs dxscan)."""
    child = multiprocessing.get_context("fork").Process(target=write_documents, args=(folder, keys))
    child.start()
    child.join()
    return {kind: (folder / f"base.{kind}", folder / f"head.{kind}") for kind in ("json", "yaml")}


def write_documents(folder: Path, keys: int) -> None:
    base = document(keys)
    head = head_of(base)
    for kind in ("json", "yaml"):
        for name, data in (("base", base), ("head", head)):
            with (folder / f"{name}.{kind}").open("w") as out:
                if kind == "json":
                    json.dump(data, out, indent=2)
                else:
                    yaml.dump(data, out, Dumper=yaml.CSafeDumper, sort_keys=False, default_flow_style=False, width=1000)
    print(f"{count_keys(base):,} keys; JSON {(folder / 'base.json').stat().st_size / 1e6:.1f} MB, "
          f"YAML {(folder / 'base.yaml').stat().st_size / 1e6:.1f} MB", flush=True)


def parse_only(files: dict[str, tuple[Path, Path]], runs: int, env: dict[str, str]) -> None:
    """`parse_text` alone on the base document, in a child process each: wall, CPU and peak memory
    (the interpreter and dxscan's imports included, about 30 MB)."""
    for _ in range(runs):
        for kind, (base, _) in files.items():
            code = f"from dxscan.load.parse import parse_text; parse_text(open({str(base)!r}).read(), 'x')"
            wall, memory, code_exit, cpu = measure_usage([sys.executable, "-c", code], env)
            print(f"parse_text {kind}: {wall:.2f} s wall, {cpu:.2f} s CPU, peak {memory:.0f} MB, exit {code_exit}", flush=True)


def commands(dxscan: str, base: Path, head: Path, out: str) -> dict[str, list[str]]:
    return {
        "scan": [dxscan, "scan", str(base), "--format", "json", "--no-cache", "-o", os.path.join(out, "scan.json")],
        "diff": [dxscan, "diff", str(base), str(head), "--format", "json", "--fail-on", "none",
                 "-o", os.path.join(out, "diff.json")],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--parse-only", action="store_true")
    parser.add_argument("--code", type=Path, help="measure the dxscan package in this folder (put first on PYTHONPATH)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as cache:
        files = write(Path(folder), args.keys)
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        if args.code:
            env["PYTHONPATH"] = str(args.code.resolve())
        if args.parse_only:
            parse_only(files, args.runs, env)
            return
        compile_bytecode()
        dxscan = dxscan_path()
        results: dict[tuple[str, str], list[tuple[float, float, int, float]]] = {}
        for _ in range(args.runs):
            for kind, (base, head) in files.items():
                for command, argv in commands(dxscan, base, head, folder).items():
                    results.setdefault((command, kind), []).append(measure_usage(argv, env))
        report(results)


def report(results: dict[tuple[str, str], list[tuple[float, float, int, float]]]) -> None:
    print("| command | format | wall s | CPU s | peak MB | exit | YAML/JSON wall | CPU | memory |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for command in ("scan", "diff"):
        medians = {}
        for kind in ("json", "yaml"):
            runs = results[(command, kind)]
            wall, memory, cpu = (statistics.median(run[i] for run in runs) for i in (0, 1, 3))
            medians[kind] = (wall, cpu, memory)
            ratios = ""
            if kind == "yaml":
                ratios = " | ".join(f"{medians['yaml'][i] / medians['json'][i]:.2f}x" for i in range(3))
            else:
                ratios = " |  | "
            print(f"| {command} | {kind} | {wall:.2f} | {cpu:.2f} | {memory:.0f} | {runs[-1][2]} | {ratios} |")


if __name__ == "__main__":
    main()
