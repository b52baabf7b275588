"""The diff as JUnit XML for GitLab and Jenkins: a test suite per kind (breaking, regression), a
test case per change, failed when it fails the gate and skipped when accepted, and a `gate` case
that fails with the verdict's reasons."""

from __future__ import annotations

from xml.etree import ElementTree

from dxscan.diff import BREAKING, REGRESSION, Change, Diff
from dxscan.report.ci import junit_case, junit_document, junit_suite, where


def render(diff: Diff) -> str:
    suites = [junit_suite(f"dxscan diff: {kind}", [_case(diff, c) for c in diff.of_kind(kind)]) for kind in (BREAKING, REGRESSION)]
    suites.append(junit_suite("dxscan diff: gate", [_gate(diff)]))
    return junit_document(f"dxscan diff {diff.base.source} {diff.head.source}", suites)


def _case(diff: Diff, change: Change) -> ElementTree.Element:
    name = f"{change.id}: {change.message}"
    detail = "\n".join(filter(None, [f"{change.side}: {where(change.location)}" if change.location else "",
                                     f"pointer: {change.pointer}" if change.pointer else "",
                                     f"operations: {', '.join(change.operations)}" if change.operations else ""]))
    classname = f"dxscan.diff.{change.kind}"
    if change.allowed:
        return junit_case(classname, name, skipped=f"accepted: {change.allowed}", output=detail)
    if diff.fails(change):
        return junit_case(classname, name, failure=(change.message, change.severity, detail))
    return junit_case(classname, name, output=detail)


def _gate(diff: Diff) -> ElementTree.Element:
    verdict = diff.verdict
    name = f"fail on {verdict.fail_on}, score drops over {verdict.max_score_drop:g} points"
    if verdict.passed:
        return junit_case("dxscan.diff.compare.gate", name)
    reasons = ", ".join(verdict.reasons)
    return junit_case("dxscan.diff.compare.gate", name, failure=(reasons, "gate", reasons))
