"""The values that cross stages: where a finding is, the finding, what a rule checked, the
scorecard and the report. Every stage and every renderer may import this module; it imports none.
All of them are frozen: a report cannot be changed by the code that renders it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from json.encoder import encode_basestring as _quoted  # json's own escaping of a string, in C
from typing import Any


class kept:
    """A read-only property worked out on first use and kept in the instance's dict, which a
    frozen dataclass's fields, comparison and repr never look at: `functools.cached_property`
    without the lock it takes on every first use (Python 3.11), which was a tenth of the cost of a
    finding's JSON line. The model's objects use it too (`model.py`): the checks of one scan read
    an operation's label, operationId and texts again and again. What it keeps must not go stale:
    these objects and the documents they read never change."""

    def __init__(self, compute: Callable[[Any], Any]):
        self._compute = compute
        self._name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self._name] = self._compute(instance)
        return value


def direct_init(cls: type) -> type:
    """Give a frozen dataclass an `__init__` that writes the instance's dict directly, with the
    same parameters and defaults. frozen=True's own sets each field through a call to
    `object.__setattr__`, which is about half of building one: the operation walk builds 15 model
    objects per operation (68,240 on a 4,520-operation API), a scan one Location per distinct
    pointer and one Finding per hit (44,000 and 63,000 on the 20x Stripe copy). Instances stay
    frozen: assigning a field still raises."""
    if any(f.default_factory is not MISSING or not f.init for f in fields(cls)):
        raise TypeError(f"{cls.__name__}: direct_init writes plain defaults only")  # a class changed: say so at import
    parameters = [f.name if f.default is MISSING else f"{f.name}={f.default!r}" for f in fields(cls)]
    body = "".join(f"\n    values[{f.name!r}] = {f.name}" for f in fields(cls))
    namespace: dict[str, Any] = {}
    source = f"def __init__(self, {', '.join(parameters)}):\n    values = self.__dict__{body}"
    exec(source, {}, namespace)  # noqa: S102 - the source is made of the class's own field names, as dataclasses makes it
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]
    return cls


@direct_init
@dataclass(frozen=True)
class Location:
    file: str
    line: int | None
    column: int | None


@direct_init
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

    @kept
    def json_text(self) -> str:
        """`as_dict()` as one line of JSON, exactly what `json.dumps(as_dict(), ensure_ascii=False)`
        writes (tests/test_cache.py holds them equal), made once: a scan writing its JSON scorecard
        and its cache entry writes every finding twice. Spelled out field by field, with json's own
        string escaping: Stripe's 3,000 findings take 4.5 ms, against 12.5 ms through the encoder."""
        where = self.location
        return json_line(self.rule, self.dimension, self.severity, self.message, self.pointer, where.file,
                         where.line, where.column, self.fingerprint)


def json_line(rule: str, dimension: str, severity: str, message: str, pointer: str, file: str, line: int | None,
              column: int | None, fingerprint: str) -> str:
    """A finding's `json_text` from its fields. The part before the message is the same for every
    finding of a rule (and the file's for every finding in one file): each is escaped once."""
    head = _HEADS.get((rule, dimension, severity))
    if head is None:
        head = _HEADS[rule, dimension, severity] = (
            f'{{"rule": {_quoted(rule)}, "dimension": {_quoted(dimension)}, "severity": {_quoted(severity)}, "message": ')
    place = _PLACES.get(file)
    if place is None:
        place = _PLACES[file] = f', "location": {{"file": {_quoted(file)}, "line": '
    return (f'{head}{_quoted(message)}, "pointer": {_quoted(pointer)}{place}{"null" if line is None else line}, '
            f'"column": {"null" if column is None else column}}}, "fingerprint": {_quoted(fingerprint)}}}')


_HEADS: dict[tuple[str, str, str], str] = {}  # (rule, dimension, severity) -> a line's start, up to the message
_PLACES: dict[str, str] = {}  # file -> a line's part from the pointer to the line number


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
    # each finding's sort key (`checks.engine.order_keys`), when the engine sorted them or a forked
    # child sent them with the findings: made once
    orders: tuple[tuple, ...] | None = field(default=None, compare=False, repr=False)


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
