"""The values that cross stages: where a finding is, the finding, what a rule checked, the
scorecard and the report. Every stage and every renderer may import this module; it imports none.
All of them are frozen: a report cannot be changed by the code that renders it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from json.encoder import encode_basestring as _quoted  # json's own escaping of a string, in C
from typing import Any


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None
    column: int | None


@dataclass(frozen=True)
class Finding:
    rule: str
    dimension: str
    severity: str
    message: str
    pointer: str
    location: Location
    fingerprint: str

    def as_dict(self) -> dict[str, Any]:
        """`dataclasses.asdict(self)`, spelled out: its generic deep copy took 0.07 s for Stripe's
        3,000 findings (the JSON report and the cache use this; tests/test_cache.py holds it equal)."""
        where = self.location
        return {
            "rule": self.rule, "dimension": self.dimension, "severity": self.severity, "message": self.message,
            "pointer": self.pointer, "location": {"file": where.file, "line": where.line, "column": where.column},
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def packed(cls, json_text: str, severity: str, fields: tuple[Any, ...]) -> Finding:
        """The finding a scan's child process sent as its JSON line, its severity and `fields`
        (`packed_fields`), made into attributes only when one of them is read (`__getattr__`): the
        JSON report and the cache entry need only the line, and the gate only the severity, where
        making the 10x Stripe copy's 31,000 findings back into objects took 64 ms after the two
        halves joined, and writing their lines 75 ms more."""
        finding = object.__new__(cls)
        finding.__dict__.update(json_text=json_text, severity=severity, _packed=fields)
        return finding

    def packed_fields(self) -> tuple[Any, ...]:
        """What `packed` needs besides the line and the severity; its strings are the sort key's
        own objects (`checks.engine.order_keys`), which pickle sends once."""
        where = self.location
        return self.rule, self.dimension, self.message, self.pointer, where.file, where.line, where.column, self.fingerprint

    def __getattr__(self, name: str) -> Any:
        """Reached only for a field of a finding from `packed` that was not read yet."""
        known = self.__dict__
        fields = known.get("_packed")
        if name not in _UNPACKED or fields is None:
            raise AttributeError(f"'Finding' object has no attribute '{name}'")
        rule, dimension, message, pointer, file, line, column, fingerprint = fields
        known.update(rule=rule, dimension=dimension, message=message, pointer=pointer,
                     location=Location(file, line, column), fingerprint=fingerprint)
        del known["_packed"]
        return known[name]

    @cached_property
    def json_text(self) -> str:
        """`as_dict()` as one line of JSON, exactly what `json.dumps(as_dict(), ensure_ascii=False)`
        writes (tests/test_cache.py holds them equal), made once: a scan writing its JSON scorecard
        and its cache entry writes every finding twice. Spelled out field by field, with json's own
        string escaping: Stripe's 3,000 findings take 4.5 ms, against 12.5 ms through the encoder."""
        where = self.location
        line = "null" if where.line is None else str(where.line)
        column = "null" if where.column is None else str(where.column)
        return (f'{{"rule": {_quoted(self.rule)}, "dimension": {_quoted(self.dimension)}, '
                f'"severity": {_quoted(self.severity)}, "message": {_quoted(self.message)}, '
                f'"pointer": {_quoted(self.pointer)}, "location": {{"file": {_quoted(where.file)}, '
                f'"line": {line}, "column": {column}}}, "fingerprint": {_quoted(self.fingerprint)}}}')


_UNPACKED = frozenset({"rule", "dimension", "message", "pointer", "location", "fingerprint"})


@dataclass(frozen=True)
class RuleResult:
    """What one rule looked at and how much of it failed: the raw material of a score."""

    rule: str
    dimension: str
    scope: str
    weight: float
    checked: int
    failed: int
    crashed: bool = False


@dataclass(frozen=True)
class EngineResult:
    findings: tuple[Finding, ...]
    results: tuple[RuleResult, ...]


@dataclass(frozen=True)
class RuleScore:
    rule: str
    weight: float
    checked: int
    failed: int
    points_lost: float  # how many of the dimension's 100 points this rule costs

    @property
    def pass_rate(self) -> float:
        return 1.0 - self.failed / self.checked if self.checked else 1.0


@dataclass(frozen=True)
class DimensionScore:
    name: str
    score: int | None  # None: nothing in this API to assess
    grade: str
    weight: float
    summary: str
    rules: tuple[RuleScore, ...]
    measures: dict[str, Any]


@dataclass(frozen=True)
class Scorecard:
    score: int | None
    grade: str
    dimensions: tuple[DimensionScore, ...]


@dataclass(frozen=True)
class SpecSummary:
    source: str
    title: str | None
    version: str | None
    openapi: str | None
    operations: int
    paths: int
    schemas: int
    files: int


@dataclass(frozen=True)
class Report:
    tool_version: str
    spec: SpecSummary
    scorecard: Scorecard
    findings: tuple[Finding, ...]
    valid: bool | None  # the validator's verdict; None when it did not run
    source_files: tuple[str, ...] = ()  # absolute paths of every file read (for the cache)
