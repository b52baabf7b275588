"""SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps): one rule per catalogue entry with
its rationale and fix as help, one result per finding with its file, line and JSON pointer, and
the finding's fingerprint, so an alert survives edits that move it."""

from __future__ import annotations

import json
from typing import Any

from dxscan.catalogue import Rule, catalogue
from dxscan.report.ci import sarif_log, sarif_result, sarif_rule
from dxscan.results import Report


def render(report: Report) -> str:
    rules = _rules(report)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    results = [
        sarif_result(f.rule, index[f.rule], f.severity, f.message, f.location, f.pointer, f.fingerprint)
        for f in report.findings
    ]
    return json.dumps(sarif_log(rules, results, report.tool_version), indent=2, ensure_ascii=False) + "\n"


def _rules(report: Report) -> list[dict[str, Any]]:
    """Every catalogue rule (so code scanning can show the help of any alert), then any rule a
    finding names that the catalogue does not (a baseline's score drop)."""
    known = catalogue()
    rules = [_rule(entry) for _, entry in sorted(known.items())]
    extra = sorted({f.rule for f in report.findings} - set(known))
    rules += [sarif_rule(rule_id, rule_id, rule_id, rule_id, "error", {"tags": ["dx"]}) for rule_id in extra]
    return rules


def _rule(rule: Rule) -> dict[str, Any]:
    help_text = f"{rule.rationale}\n\nFix: {rule.fix}"
    markdown = f"**Why it matters:** {rule.rationale}\n\n**Fix:** {rule.fix}\n\n`dxscan rules {rule.id}` explains it."
    properties = {"tags": ["dx", rule.dimension], "dimension": rule.dimension, "weight": rule.weight}
    return sarif_rule(rule.id, rule.title, help_text, markdown, rule.severity, properties)
