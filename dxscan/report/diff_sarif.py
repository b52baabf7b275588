"""The diff's breaking changes and regressions as SARIF 2.1.0: one rule per kind of change with
its help, one result per change (level error when it fails the gate). A change to something removed
is placed on HEAD's root file and names where it was in BASE."""

from __future__ import annotations

import json
from typing import Any

from dxscan.diff import BREAKING, CHANGE_KINDS, REGRESSION, Change, Diff
from dxscan.report.ci import digest, placed_in_head, sarif_log, sarif_result, sarif_rule


def render(diff: Diff) -> str:
    changes = [c for c in diff.changes if c.kind in (BREAKING, REGRESSION) and not c.allowed]
    rule_ids = sorted({c.id for c in changes})
    rules = [_rule(rule_id) for rule_id in rule_ids]
    results = [_result(diff, change, rule_ids.index(change.id)) for change in changes]
    return json.dumps(sarif_log(rules, results, diff.tool_version), indent=2, ensure_ascii=False) + "\n"


def _rule(change_id: str) -> dict[str, Any]:
    kind = CHANGE_KINDS[change_id]
    markdown = f"**{kind.kind}**: {kind.title}.\n\n{kind.help}"
    return sarif_rule(change_id, kind.title, kind.help, markdown, kind.severity, {"tags": ["dx", "api-diff", kind.kind]})


def _result(diff: Diff, change: Change, index: int) -> dict[str, Any]:
    level = "error" if diff.fails(change) else "warning"
    location, message = placed_in_head(diff.head.source, change.side, change.location, change.message)
    if change.operations:
        message += f"; reaches {', '.join(change.operations)}"
    return sarif_result(change.id, index, level, message, location, change.pointer, digest(change.id, change.side, change.pointer))
