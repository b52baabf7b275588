"""What moved: the biggest moves of the overall score and of each dimension between consecutive
versions, each explained by the rules whose results changed most and the diff's changes, and the
one-paragraph summary of the whole period. Pure functions of the versions."""

from __future__ import annotations

from itertools import pairwise
from textwrap import shorten

from dxscan.catalogue import DIMENSIONS, catalogue
from dxscan.history.model import Move, RuleTally, Version

OVERALL = "overall"
MOVES = 8  # moves kept, the largest first
REASONS = 3  # rules (or changes) named per move
EXAMPLE = 120  # characters of a change's message quoted as an example
SECONDS_PER_MONTH = 30.44 * 24 * 3600


def value(version: Version, name: str) -> int | None:
    return version.scored.score if name == OVERALL else version.scored.dimension(name)


def biggest_moves(versions: tuple[Version, ...], limit: int = MOVES) -> tuple[Move, ...]:
    """The largest moves between consecutive scored versions (ties: overall first, then oldest)."""
    good = [(index, version) for index, version in enumerate(versions) if version.scored.error is None]
    candidates = []
    for (_, before), (index, after) in pairwise(good):
        for order, name in enumerate((OVERALL, *DIMENSIONS)):
            old, new = value(before, name), value(after, name)
            if old is not None and new is not None and old != new:
                candidates.append((-abs(new - old), order, index, name, old, new, before))
    candidates.sort(key=lambda c: c[:3])
    return tuple(Move(index, name, old, new, explain(before, versions[index], name))
                 for _, _, index, name, old, new, before in candidates[:limit])


def explain(before: Version, after: Version, name: str) -> tuple[str, ...]:
    """The rules and changes behind a move, largest first, as short phrases."""
    if name == OVERALL:
        return _dimension_moves(before, after) + _changes(after)
    reasons = _rule_moves(before, after, name)
    operations = (before.scored.operations, after.scored.operations)
    if operations[0] != operations[1]:
        reasons += (f"operations {operations[0]} → {operations[1]}",)
    return reasons or ("no rule result changed",)


def _dimension_moves(before: Version, after: Version) -> tuple[str, ...]:
    moved = []
    for name in DIMENSIONS:
        old, new = value(before, name), value(after, name)
        if old is not None and new is not None and old != new:
            moved.append((-abs(new - old), f"{name} {new - old:+d}"))
    return (", ".join(text for _, text in sorted(moved)),) if moved else ()


def _changes(after: Version) -> tuple[str, ...]:
    compared = after.compared
    if compared is None:
        return ()
    shown = [change for change in compared.changes if change.kind in ("breaking", "regression") and change.id != "score-dropped"]
    return tuple(f"{change.count} {change.id} ({change.kind}), e.g. {shorten(change.example, EXAMPLE, placeholder='…')}"
                 for change in shown[:REASONS])


def _rule_moves(before: Version, after: Version, dimension: str) -> tuple[str, ...]:
    old = {tally.rule: tally for tally in before.scored.rules if tally.dimension == dimension}
    new = {tally.rule: tally for tally in after.scored.rules if tally.dimension == dimension}
    moved = []
    for rule in sorted(old.keys() | new.keys()):
        was, now = old.get(rule), new.get(rule)
        gained = (was.points_lost if was else 0.0) - (now.points_lost if now else 0.0)
        if abs(gained) >= 0.05:
            moved.append((-abs(gained), rule, _rule_phrase(rule, was, now, gained)))
    return tuple(text for _, _, text in sorted(moved)[:REASONS])


def _rule_phrase(rule: str, was: RuleTally | None, now: RuleTally | None, gained: float) -> str:
    entry = catalogue().get(rule)
    measure = entry.measure if entry else "failed"
    points = f"{gained:+.0f}" if abs(gained) >= 0.5 else f"{gained:+.1f}"
    failed_before = was.failed if was else 0
    if now is None:
        return f"{rule} no longer applies (was {failed_before} of {was.checked} {measure}; {points} points)"
    return f"{rule}: {failed_before} → {now.failed} of {now.checked} {measure} ({points} points)"


def summarise(title: str | None, versions: tuple[Version, ...], moves: tuple[Move, ...]) -> str:
    """One paragraph: the period, start and end, best and worst dimension, the biggest moves, the
    breaking changes per month."""
    if not versions:
        return "No version of the spec was found in the commits selected."
    good = [version for version in versions if version.scored.error is None]
    first, last = versions[0].commit, versions[-1].commit
    broken = len(versions) - len(good)
    sentences = [f"{title or 'The API'}: {_count(len(versions), 'version')} from {first.date[:10]} to {last.date[:10]}"
                 + (f", {broken} of which could not be scored" if broken else "") + "."]
    if good:
        sentences += [_scores(good[0], good[-1]), *_extremes(moves, versions), _breaking(versions)]
    return " ".join(sentence for sentence in sentences if sentence)


def _scores(start: Version, end: Version) -> str:
    change = f" ({end.score - start.score:+d})" if start.score is not None and end.score is not None else ""
    text = f"The DX score went from {start.score} ({start.scored.grade}) to {end.score} ({end.scored.grade}){change}"
    ranked = sorted((score, name) for name, score in end.scored.dimensions if score is not None)
    if ranked:
        text += f"; at the end the best dimension is {ranked[-1][1]} ({ranked[-1][0]}) and the worst {ranked[0][1]} ({ranked[0][0]})"
    deltas = sorted((value(end, name) - value(start, name), name) for name in DIMENSIONS
                    if value(start, name) is not None and value(end, name) is not None)
    if deltas and deltas[-1][0] > 0:
        text += f"; {deltas[-1][1]} improved most ({deltas[-1][0]:+d})"
    if deltas and deltas[0][0] < 0:
        text += f" and {deltas[0][1]} lost most ({deltas[0][0]:+d})"
    return text + "."


def _extremes(moves: tuple[Move, ...], versions: tuple[Version, ...]) -> list[str]:
    overall = [move for move in moves if move.name == OVERALL]
    rise = max(overall, key=lambda move: move.delta, default=None)
    drop = min(overall, key=lambda move: move.delta, default=None)
    found = []
    for label, move in (("rise", rise), ("drop", drop)):
        if move is not None and (move.delta > 0) == (label == "rise"):
            commit = versions[move.version].commit
            found.append(f"The biggest {label} was {move.delta:+d} on {commit.date[:10]} ({commit.sha[:7]}).")
    return found


def _breaking(versions: tuple[Version, ...]) -> str:
    breaking = sum(v.compared.breaking for v in versions if v.compared)
    regressions = sum(v.compared.regressions for v in versions if v.compared)
    months = max(1.0, (versions[-1].commit.timestamp - versions[0].commit.timestamp) / SECONDS_PER_MONTH)
    return (f"{_count(breaking, 'breaking change')} in {_count(round(months), 'month')} ({breaking / months:.1f} a month) "
            f"and {_count(regressions, 'regression')}.")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
