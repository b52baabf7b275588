"""`dxscan history -f json`: JSON Lines, schema `dxscan.history/1`. The first line describes the
history (summary, moves, notes); then one line per version, oldest first."""

from __future__ import annotations

import json
from typing import Any

from dxscan.catalogue import DIMENSIONS
from dxscan.history import History, Version
from dxscan.report.history_rows import fields

SCHEMA = "dxscan.history/1"


def render(result: History) -> str:
    lines = [_header(result), *(_version(version) for version in result.versions)]
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def _header(result: History) -> dict[str, Any]:
    return {
        "schema": SCHEMA, "record": "history", "tool": {"name": "dxscan", "version": result.tool_version},
        "spec": result.spec, "path": result.path, "title": result.title, "selection": result.selection,
        "versions": len(result.versions), "summary": result.summary, "notes": list(result.notes),
        "moves": [{"commit": result.versions[move.version].commit.sha, "name": move.name, "before": move.before,
                   "after": move.after, "delta": move.delta, "reasons": list(move.reasons)} for move in result.moves],
    }


def _version(version: Version) -> dict[str, Any]:
    row = fields(version)
    line: dict[str, Any] = {"schema": SCHEMA, "record": "version"}
    line.update({key: row[key] for key in ("commit", "date", "subject", "path", "score", "grade")})
    line["tags"] = list(version.commit.tags)
    line["dimensions"] = {name: row[name] for name in DIMENSIONS}
    line.update({key: row[key] for key in ("operations", "breaking", "regressions")})
    line["findings"] = None if row["errors"] is None else {key: row[key] for key in ("errors", "warnings", "infos")}
    compared = version.compared
    line["changes"] = None if compared is None else [
        {"id": change.id, "kind": change.kind, "count": change.count} for change in compared.changes]
    line["error"] = row["error"]
    return line
