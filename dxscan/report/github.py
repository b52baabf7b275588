"""GitHub Actions workflow commands: one annotation per finding on its file and line (error,
warning or notice by severity), then a notice with the score. Chosen automatically by
`dxscan scan` when GITHUB_ACTIONS is set and no --format is given."""

from __future__ import annotations

from dxscan.report.ci import github_line
from dxscan.results import Report


def render(report: Report) -> str:
    lines = [github_line(f.severity, f.message, f.location, f"dxscan {f.rule}") for f in report.findings]
    card = report.scorecard
    dimensions = ", ".join(f"{d.name} {d.score if d.score is not None else 'n/a'}" for d in card.dimensions)
    summary = f"DX score {card.score if card.score is not None else 'n/a'} ({card.grade}): {dimensions}; {len(report.findings)} findings"
    lines.append(github_line("info", summary, None, f"dxscan {report.spec.source}"))
    return "\n".join(lines) + "\n"
