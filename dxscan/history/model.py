"""The values of a history: what one version scored, what changed since the one before, the
biggest moves and the whole period. Frozen, sorted, and plain enough to cache as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from dxscan.history.revisions import Commit

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class RuleTally:
    """What one rule checked and failed in a version, and the points it cost its dimension."""

    rule: str
    dimension: str
    checked: int
    failed: int
    points_lost: float


@dataclass(frozen=True)
class Scored:
    """One version's document scored: a function of its content and the configuration only."""

    title: str | None
    score: int | None
    grade: str
    dimensions: tuple[tuple[str, int | None], ...]
    operations: int
    findings: tuple[int, int, int]  # errors, warnings, infos
    rules: tuple[RuleTally, ...]
    error: str | None = None  # why the version could not be scored (one line)

    def dimension(self, name: str) -> int | None:
        return dict(self.dimensions).get(name)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Scored:
        return cls(raw["title"], raw["score"], raw["grade"], tuple((name, score) for name, score in raw["dimensions"]),
                   raw["operations"], tuple(raw["findings"]), tuple(RuleTally(**rule) for rule in raw["rules"]), raw["error"])


def failed(error: str) -> Scored:
    return Scored(None, None, "-", (), 0, (0, 0, 0), (), error)


@dataclass(frozen=True)
class ChangeCount:
    id: str  # the diff's change id: operation-removed, new-finding, ...
    kind: str  # breaking, regression, improvement, info
    count: int
    example: str  # the message of one of them


@dataclass(frozen=True)
class Comparison:
    """What `dxscan diff` finds between a version and the one before it that could be scored."""

    breaking: int
    regressions: int
    changes: tuple[ChangeCount, ...]  # by kind (breaking first), then most frequent

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Comparison:
        return cls(raw["breaking"], raw["regressions"], tuple(ChangeCount(**change) for change in raw["changes"]))


UNCHANGED = Comparison(0, 0, ())


@dataclass(frozen=True)
class Version:
    commit: Commit
    scored: Scored
    compared: Comparison | None  # None: the first version, or no earlier version could be scored

    @property
    def score(self) -> int | None:
        return self.scored.score


@dataclass(frozen=True)
class Move:
    """A big move of the overall score or one dimension from one version to the next."""

    version: int  # index into History.versions
    name: str  # "overall" or a dimension
    before: int
    after: int
    reasons: tuple[str, ...]  # the rules and changes that explain it

    @property
    def delta(self) -> int:
        return self.after - self.before

    def headline(self) -> str:
        return f"{self.delta:+d} {self.name}"


@dataclass(frozen=True)
class History:
    tool_version: str
    spec: str  # as given on the command line
    path: str  # relative to the repository's top, today
    selection: str  # what was read, in words
    versions: tuple[Version, ...]  # oldest first
    moves: tuple[Move, ...]  # the biggest, largest first
    summary: str
    notes: tuple[str, ...] = ()  # a shallow clone, ...

    @property
    def title(self) -> str | None:
        return next((v.scored.title for v in reversed(self.versions) if v.scored.title), None)

    @property
    def scored(self) -> tuple[Version, ...]:
        return tuple(version for version in self.versions if version.scored.error is None)
