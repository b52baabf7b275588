"""Checks: one module per dimension, each check a small generator of hits.

A check yields `Hit(pointer, message)` and nothing else: the engine stamps the rule id, dimension,
severity and source location from the catalogue, and turns a crash into an internal-error finding.
A check is registered under its rule id; its function name is the id in snake_case.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from dxscan.model import Spec


class Hit(NamedTuple):
    pointer: str
    message: str
    key: str = ""  # a stable detail that tells two hits at one pointer apart (for fingerprints)
    location: Any = None  # only for problems the loader already placed (a duplicate key's line)


@dataclass
class Context:
    """What a check may look at: the model, the validator's verdict, and its own options."""

    spec: Spec
    verdict: Any = None  # validate.Verdict, or None when validation was not run
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def loaded(self):
        return self.spec.loaded

    @cached_property
    def graph(self) -> Any:
        from dxscan.graph.build import build_graph

        return build_graph(self.spec)


Check = Callable[[Context], Iterator[Hit]]
CHECKS: dict[str, Check] = {}


def check(rule_id: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[rule_id] = function
        return function

    return register


# The module that holds each dimension's checks and measures (validity's rules count toward documentation).
DIMENSION_MODULES = {
    "versioning": ("versioning",),
    "auth": ("auth",),
    "rate_limits": ("rate_limits",),
    "naming": ("naming",),
    "documentation": ("documentation", "validity"),
    "abstraction": ("abstraction",),
}


def all_checks(dimensions: Collection[str] | None = None) -> dict[str, Check]:
    """Every registered check, importing the dimension modules once: only those of `dimensions`
    when given (the half of a scan that needs no graph never imports the graph and networkx)."""
    for dimension, modules in DIMENSION_MODULES.items():
        if dimensions is None or dimension in dimensions:
            for module in modules:
                importlib.import_module(f"{__name__}.{module}")
    return CHECKS


def scope_size(spec: Spec, scope: str) -> int:
    """How many things a rule of this scope looks at: the denominator of its pass ratio."""
    counters: dict[str, Callable[[Spec], int]] = {
        "api": lambda s: 1,
        "files": lambda s: len(s.loaded.files),
        "operations": lambda s: len(s.operations),
        "paths": lambda s: len(s.paths),
        "parameters": lambda s: len({p.pointer for o in s.operations for p in o.parameters}),
        "request-bodies": lambda s: len({o.request_body.pointer for o in s.operations if o.request_body}),
        "responses": lambda s: len({r.pointer for o in s.operations for r in o.responses}),
        "schemas": lambda s: len(s.schemas),
        "properties": lambda s: sum(1 for schema in s.all_schemas for _ in s.properties(schema)),
        "servers": lambda s: len(s.servers),
        "tags": lambda s: len(s.tags),
        "security-schemes": lambda s: len(s.security_schemes),
    }
    return counters[scope](spec)


Measure = Callable[[Context], dict[str, Any]]
MEASURES: dict[str, Measure] = {}


def measure(dimension: str) -> Callable[[Measure], Measure]:
    """Register what a dimension reports beyond its rules' counts (e.g. the versioning strategy)."""

    def register(function: Measure) -> Measure:
        MEASURES[dimension] = function
        return function

    return register


def dimension_measures(context: Context, dimensions: Collection[str] | None = None) -> dict[str, dict[str, Any]]:
    """Each dimension's extra measures (of `dimensions`, when given); one that crashes reports the
    error instead of its figures, so a bug in one dimension never costs the user the whole scorecard."""
    all_checks(dimensions)
    measures = {}
    for dimension, function in sorted(MEASURES.items()):
        if dimensions is not None and dimension not in dimensions:
            continue
        try:
            measures[dimension] = function(context)
        except Exception as error:  # noqa: BLE001 - isolating a broken measure is the point
            measures[dimension] = {"internal_error": f"{type(error).__name__}: {error}"}
    return measures
