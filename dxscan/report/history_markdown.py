"""`dxscan history -f markdown`: for a job summary or a release note: the summary, a trend table
with sparklines, what moved, and every version in a collapsed table."""

from __future__ import annotations

from dxscan.catalogue import DIMENSIONS
from dxscan.history import History, Version
from dxscan.report.history_rows import SERIES, SHORT, ends, number, series, sparkline

SPARK = 40


def render(result: History) -> str:
    lines = [f"## DX history: {_cell(result.title or result.path)}", "", f"_{_cell(result.selection)}_", "", result.summary, ""]
    lines += [f"> {note}" for note in result.notes] + ([""] if result.notes else [])
    if result.versions:
        lines += _trends(result) + _moves(result) + _table(result)
    return "\n".join(lines) + "\n"


def _trends(result: History) -> list[str]:
    lines = ["| score | first | last | change | trend |", "|---|---:|---:|---:|---|"]
    for name in SERIES:
        values = series(result, name)
        first, last = ends(values)
        change = f"{last - first:+d}" if first is not None and last is not None else "-"
        lines.append(f"| {name} | {number(first)} | {number(last)} | {change} | {sparkline(values, SPARK)} |")
    return lines + [""]


def _moves(result: History) -> list[str]:
    if not result.moves:
        return []
    lines = ["### What moved", ""]
    for move in result.moves:
        commit = result.versions[move.version].commit
        tag = f", {', '.join(commit.tags)}" if commit.tags else ""
        lines.append(f"- **{move.headline()}** ({move.before} → {move.after}) on {commit.date[:10]} (`{commit.sha[:7]}`{tag})")
        lines += [f"  - {_cell(reason)}" for reason in move.reasons]
    return lines + [""]


def _table(result: History) -> list[str]:
    head = "| date | commit | tag | DX | " + " | ".join(SHORT[name] for name in DIMENSIONS) + " | ops | breaking | regressions |"
    lines = [f"<details><summary>All {len(result.versions)} versions</summary>", "", head,
             "|---|---|---|---:|" + "---:|" * len(DIMENSIONS) + "---:|---:|---:|"]
    lines += [_row(version) for version in result.versions]
    return lines + ["", "</details>"]


def _row(version: Version) -> str:
    commit, scored, compared = version.commit, version.scored, version.compared
    start = f"| {commit.date[:10]} | `{commit.sha[:7]}` | {_cell(' '.join(commit.tags))} |"
    if scored.error is not None:
        return start + f" not scored: {_cell(scored.error)} |" + " |" * (len(DIMENSIONS) + 3)
    cells = [f"{number(scored.score)} {scored.grade}", *(number(scored.dimension(name)) for name in DIMENSIONS), str(scored.operations),
             number(compared and compared.breaking), number(compared and compared.regressions)]
    return start + " " + " | ".join(cells) + " |"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
