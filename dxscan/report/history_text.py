"""`dxscan history -f text`: the summary, a sparkline per dimension, what moved and the table of
versions, in 80 columns."""

from __future__ import annotations

import textwrap

from dxscan.catalogue import DIMENSIONS
from dxscan.history import History, Version
from dxscan.report.history_rows import SERIES, SHORT, ends, number, series, sparkline

WIDTH = 80
SPARK = WIDTH - 32


def render(result: History) -> str:
    lines = [f"dxscan history: {result.title or result.path} ({result.path})", *_wrapped(result.selection), ""]
    lines += [*_wrapped(result.summary), *(f"note: {note}" for note in result.notes), ""]
    if not result.versions:
        return "\n".join(lines) + "\n"
    lines += _trends(result) + [""] + _moves(result) + _table(result)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, break_on_hyphens=False) or [""]


def _trends(result: History) -> list[str]:
    lines = [f"{'trend':<14}{'first':>6}{'last':>6}{'low':>5}  over {len(result.versions)} versions"]
    for name in SERIES:
        values = series(result, name)
        first, last = ends(values)
        known = [value for value in values if value is not None]
        low = min(known) if known else None
        lines.append(f"{name:<14}{number(first):>6}{number(last):>6}{number(low):>5}  {sparkline(values, SPARK)}")
    return lines


def _moves(result: History) -> list[str]:
    if not result.moves:
        return []
    lines = ["what moved"]
    for move in result.moves:
        commit = result.versions[move.version].commit
        tag = f" {commit.tags[0]}" if commit.tags else ""
        lines.append(f"  {move.headline():<20} {move.before} → {move.after}  {commit.date[:10]} {commit.sha[:7]}{tag}")
        lines += ["      " + textwrap.shorten(reason, WIDTH - 6, placeholder="…") for reason in move.reasons]
    return lines + [""]


def _table(result: History) -> list[str]:
    header = f"{'date':<10} {'commit':<7} {'DX':>3} G " + "".join(f"{SHORT[name]:>5}" for name in DIMENSIONS)
    header += f"{'ops':>5}{'brk':>4}{'reg':>4} tag"
    return [header, *(_row(version) for version in result.versions)]


def _row(version: Version) -> str:
    start = f"{version.commit.date[:10]} {version.commit.sha[:7]} "
    scored = version.scored
    if scored.error is not None:
        return textwrap.shorten(start + f"not scored: {scored.error}", WIDTH, placeholder="…")
    compared = version.compared
    text = start + f"{number(scored.score):>3} {scored.grade} " + "".join(f"{number(scored.dimension(name)):>5}" for name in DIMENSIONS)
    text += f"{scored.operations:>5}{number(compared and compared.breaking):>4}{number(compared and compared.regressions):>4}"
    tags = " ".join(version.commit.tags)
    return (text + " " + tags)[:WIDTH] if tags else text
