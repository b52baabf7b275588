"""The gate: which changes fail a diff (`Gate`), which are accepted (`Allowance`), and the verdict
with one reason per kind of failure."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, replace

from dxscan.diff.kinds import BREAKING, REGRESSION, Change

FAIL_ON = ("breaking", "warning", "regression", "none")


@dataclass(frozen=True)
class Allowance:
    """An accepted change: by change id (or, for findings, rule id), pointer and operation globs."""

    id: str
    reason: str
    pointer: str = "*"
    operation: str = "*"

    def matches(self, change: Change) -> bool:
        if self.id not in ("*", change.id, change.rule):
            return False
        if not fnmatch.fnmatchcase(change.pointer, self.pointer):
            return False
        return self.operation == "*" or any(fnmatch.fnmatchcase(op, self.operation) for op in change.operations)


@dataclass(frozen=True)
class Gate:
    """When a diff fails: `fail_on` breaking (the default: severity-error changes), warning (also
    warning-level breaking changes and new warning findings), regression (also every other
    regression), none. A score drop of more than `max_score_drop` points is an error."""

    fail_on: str = "breaking"
    max_score_drop: float = 2.0
    allow: tuple[Allowance, ...] = ()

    def fails(self, change: Change) -> bool:
        if change.allowed is not None or self.fail_on == "none" or change.kind not in (BREAKING, REGRESSION):
            return False
        if change.severity == "error":
            return True
        if change.severity != "warning" or self.fail_on == "breaking":
            return False
        return self.fail_on == "regression" or change.kind == BREAKING or change.id == "new-finding"


@dataclass(frozen=True)
class Verdict:
    passed: bool
    fail_on: str
    max_score_drop: float
    failing: int  # changes that fail the gate
    reasons: tuple[str, ...]  # why it failed, one phrase per kind of failure


def allowed(change: Change, allowances: tuple[Allowance, ...]) -> Change:
    for allowance in allowances:
        if allowance.matches(change):
            return replace(change, allowed=allowance.reason or "allowed")
    return change



def verdict(changes: list[Change] | tuple[Change, ...], gate: Gate) -> Verdict:
    failing = [c for c in changes if gate.fails(c)]
    return Verdict(not failing, gate.fail_on, gate.max_score_drop, len(failing), _reasons(failing))


def _reasons(failing: list[Change]) -> tuple[str, ...]:
    """One phrase per kind of failure: '2 breaking changes', '1 new error finding', 'documentation score 80 -> 72'."""
    reasons = []
    breaking = [c for c in failing if c.kind == BREAKING]
    if breaking:
        reasons.append(_count(len(breaking), "breaking change"))
    for severity in ("error", "warning"):
        found = [c for c in failing if c.id == "new-finding" and c.severity == severity]
        if found:
            reasons.append(_count(len(found), f"new {severity} finding"))
    reasons += [c.message.split(",")[0] for c in failing if c.id == "score-dropped"]
    others = [c for c in failing if c.kind == REGRESSION and c.id not in ("new-finding", "score-dropped")]
    if others:
        reasons.append(_count(len(others), "regression"))
    return tuple(reasons)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
