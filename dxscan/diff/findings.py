"""The two scans compared: score deltas per dimension, score changes judged against the allowed
drop, and findings new in HEAD or fixed since BASE."""

from __future__ import annotations

from typing import Any

from dxscan import pointer as jp
from dxscan.diff.documents import component_pointers
from dxscan.diff.identity import unmatched
from dxscan.diff.kinds import IMPROVEMENT, INFO, REGRESSION, Change, ScoreDelta
from dxscan.model import Spec
from dxscan.results import Finding, Report


def score_deltas(base: Report, head: Report) -> tuple[ScoreDelta, ...]:
    before = {d.name: d.score for d in base.scorecard.dimensions}
    after = {d.name: d.score for d in head.scorecard.dimensions}
    overall = ScoreDelta("overall", base.scorecard.score, head.scorecard.score)
    return (overall, *(ScoreDelta(name, before.get(name), after.get(name)) for name in after))


def score_changes(scores: tuple[ScoreDelta, ...], max_drop: float,
                  judged: tuple[ScoreDelta, ...] | None = None) -> list[Change]:
    """A rise is an improvement, a drop beyond `max_drop` an error. With `judged` (the deltas from
    BASE with its sanctioned removals made: `diff.sanctioned`), a drop those removals explain is
    reported but does not fail."""
    excused = {s.name for s in judged or () if s.delta is None or -s.delta <= max_drop}
    changes = []
    for score in scores:
        if not score.delta:
            continue
        what = "DX score" if score.name == "overall" else f"{score.name} score"
        text = f"{what} {score.base} -> {score.head} ({score.delta:+d})"
        pointer = ""
        if score.delta > 0:
            changes.append(Change("score-rose", IMPROVEMENT, "info", text, pointer, "head", None))
            continue
        beyond = -score.delta > max_drop
        message = text + (f", more than the {max_drop:g} allowed" if beyond else f", within the {max_drop:g} allowed")
        if beyond and judged is not None and score.name in excused:
            beyond, message = False, text + ", caused by removing operations past their sunset or unused definitions"
        changes.append(Change("score-dropped", REGRESSION, "error" if beyond else "info", message, pointer, "head", None))
    return changes


def finding_changes(base: Report, head: Report, base_spec: Spec, head_spec: Spec,
                    judged: tuple[Report, Spec] | None = None) -> list[Change]:
    """New findings (in HEAD, not in BASE: with `judged`, not in BASE with its sanctioned removals
    made) and fixed ones, matched as a baseline matches them
    (`diff.identity`), with one more step after the fingerprint: rule and canonical pointer (a
    schema inlined from another file is named by its components pointer)."""
    canonical = (_canonical_key(head_spec), _canonical_key(base_spec))
    fresh, gone = unmatched(head.findings, base.findings, (canonical,))
    if judged is not None:  # new findings: against BASE with its sanctioned removals made
        fresh, _ = unmatched(head.findings, judged[0].findings, ((_canonical_key(head_spec), _canonical_key(judged[1])),))
    operations = {operation.pointer: operation.label for operation in head_spec.operations}
    changes = [_new_finding(f, operations) for f in fresh]
    changes += [Change("finding-fixed", IMPROVEMENT, "info", f"{f.rule}: {f.message}", f.pointer, "base", f.location,
                       rule=f.rule) for f in gone]
    return changes


def _canonical_key(spec: Spec) -> Any:
    components = component_pointers(spec)

    def key(finding: Finding) -> tuple[str, str, str]:
        return finding.rule, _canonical_pointer(spec.document, components, finding.pointer), finding.message

    return key


def _canonical_pointer(document: Any, components: dict[int, str], pointer: str) -> str:
    """The pointer with every prefix that reaches a component replaced by the component's pointer."""
    if not pointer.startswith("/"):
        return pointer
    tokens = jp.split(pointer)
    node, result = document, []
    for index, token in enumerate(tokens):
        try:
            node = jp.step(node, token)
        except KeyError:
            return jp.from_tokens(result + list(tokens[index:]))
        named = components.get(id(node))
        result = list(jp.split(named)) if named is not None else [*result, token]
    return jp.from_tokens(result)


def _new_finding(finding: Finding, operations: dict[str, str]) -> Change:
    kind = REGRESSION if finding.severity in ("error", "warning") else INFO
    operation = _operation_of(finding.pointer, operations)
    return Change("new-finding", kind, finding.severity, f"{finding.rule}: {finding.message}", finding.pointer, "head",
                  finding.location, (operation,) if operation else (), rule=finding.rule)


def _operation_of(pointer: str, operations: dict[str, str]) -> str | None:
    tokens = jp.split(pointer) if pointer.startswith("/") else ()
    for end in range(len(tokens), 1, -1):
        label = operations.get(jp.from_tokens(tokens[:end]))
        if label is not None:
            return label
    return None
