"""The diff as GitHub Actions annotations: an error for each change that fails the gate, a warning
for other breaking changes and regressions, then a notice with the verdict. A change to something
removed is annotated on HEAD's root file, naming where it was in BASE."""

from __future__ import annotations

from dxscan.diff import BREAKING, REGRESSION, Change, Diff
from dxscan.report.ci import github_line, placed_in_head


def render(diff: Diff) -> str:
    lines = [_line(diff, change) for change in diff.changes if change.kind in (BREAKING, REGRESSION) and not change.allowed]
    verdict = diff.verdict
    summary = "passes the DX gate" if verdict.passed else "fails the DX gate: " + ", ".join(verdict.reasons)
    lines.append(github_line("info" if verdict.passed else "error", summary, None, "dxscan diff"))
    return "\n".join(lines) + "\n"


def _line(diff: Diff, change: Change) -> str:
    severity = "error" if diff.fails(change) else "warning"
    location, message = placed_in_head(diff.head.source, change.side, change.location, change.message)
    if change.operations:
        message += f" [{', '.join(change.operations[:3])}{' …' if len(change.operations) > 3 else ''}]"
    return github_line(severity, message, location, f"dxscan {change.id}")
