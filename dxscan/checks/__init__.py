"""Checks: one module per dimension, each check a small generator of hits.

A check yields `Hit(pointer, message)` and nothing else: the engine stamps the rule id, dimension,
severity and source location from the catalogue, and turns a crash into an internal-error finding.
Each catalogue entry names the module of its check (`check: naming`); the function there is the
rule id in snake_case (`check_function`).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from dxscan.catalogue import Rule, catalogue
from dxscan.config import Config
from dxscan.model import Spec


class Hit(NamedTuple):
    pointer: str
    message: str
    key: str = ""  # a stable detail that tells two hits at one pointer apart (for fingerprints)
    location: Any = None  # only for problems the loader already placed (a duplicate key's line)


@dataclass
class Context:
    """What a check may look at: the model, the validator's verdict, and its own options; the
    configuration, so that a measure built on other rules' hits sees them as the scan reports them."""

    spec: Spec
    verdict: Any = None  # validate.Verdict, or None when validation was not run
    options: dict[str, Any] = field(default_factory=dict)
    config: Config = field(default_factory=Config)
    # rule id -> its hits as the engine kept them in this process (`remember`), so that a measure
    # counting a rule's hits reads them instead of running the check again (documentation's
    # coverage and the graph's leak and evidence counts: 7% of the CPU of Stripe's 10x copy)
    ran: dict[str, list[Hit]] = field(default_factory=dict, repr=False, compare=False)

    def remember(self, rule_id: str, hits: list[Hit]) -> None:
        """The engine's record of a rule's hits (configured options, ignored ones left out)."""
        self.ran[rule_id] = hits

    def hits_of(self, rule_id: str) -> list[Hit] | None:
        """Rule RULE_ID's hits as the scan counts them (its configured options, without the
        ignored ones), or None when the configuration turns it off: a measure that counts another
        rule's hits must not count a rule the user disabled."""
        rule = catalogue()[rule_id]
        if not self.config.enabled(rule_id) or rule.check is None:
            return None
        if rule_id in self.ran:
            return list(self.ran[rule_id])
        own_options = self.options
        self.options = rule_options(rule, self.config)
        try:
            return [hit for hit in check_function(rule)(self) if not self.config.ignored(rule_id, hit.pointer)]
        finally:
            self.options = own_options

    @property
    def loaded(self):
        return self.spec.loaded

    @cached_property
    def graph(self) -> Any:
        from dxscan.graph.build import build_graph

        return build_graph(self.spec)


Check = Callable[[Context], Iterator[Hit]]
Measure = Callable[[Context], dict[str, Any]]


def _property_count(spec: Spec) -> int:
    """Property definitions, from the one walk the property rules share (checks/inventory.py):
    counting them through the model's schema view cost 0.5 s on DigitalOcean's spec, per rule."""
    from dxscan.checks.inventory import inventory

    return len(inventory(spec).properties)

# What each dimension reports beyond its rules' counts (the versioning strategy, the graph's
# metrics...): dimension -> (module in this package, function). One explicit list, so a
# dimension's measures never depend on which modules a process happened to import.
MEASURES: dict[str, tuple[str, str]] = {
    "versioning": ("versioning", "versioning_measures"),
    "auth": ("auth", "auth_measures"),
    "rate_limits": ("rate_limits", "rate_limit_measures"),
    "naming": ("naming", "naming_measures"),
    "documentation": ("documentation", "documentation_measures"),
    "abstraction": ("abstraction", "abstraction_measures"),
}


def check_function(rule: Rule) -> Check:
    """The check a catalogue entry names: `check: MODULE` in rules/<id>.yaml means the function
    named after the rule id (in snake_case) in dxscan/checks/MODULE.py. The catalogue, not an
    import side effect, says which checks exist, so a scan split across processes (each importing
    only the modules of the rules it runs) can never lose one."""
    if rule.check is None:
        raise LookupError(f"rule '{rule.id}' names no check")
    module = importlib.import_module(f"{__name__}.{rule.check}")
    return getattr(module, check_name(rule.id))


def rule_options(rule: Rule, config: Config) -> dict[str, Any]:
    """A rule's options: the catalogue's defaults, overridden by the configuration's."""
    return {**rule.options, **config.options(rule.id)}


def check_name(rule_id: str) -> str:
    """`operation-operationId` -> `operation_operation_id`: the id in snake_case."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", rule_id).replace("-", "_").lower()


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
        "properties": _property_count,
        "servers": lambda s: len(s.servers),
        "tags": lambda s: len(s.tags),
        "security-schemes": lambda s: len(s.security_schemes),
    }
    return counters[scope](spec)


def dimension_measures(context: Context, dimensions: Collection[str] | None = None) -> dict[str, dict[str, Any]]:
    """Each dimension's extra measures (of `dimensions`, when given); one that crashes reports the
    error instead of its figures, so a bug in one dimension never costs the user the whole scorecard."""
    measures = {}
    for dimension, (module, name) in sorted(MEASURES.items()):
        if dimensions is not None and dimension not in dimensions:
            continue
        try:
            function = getattr(importlib.import_module(f"{__name__}.{module}"), name)
            measures[dimension] = function(context)
        except Exception as error:  # noqa: BLE001 - isolating a broken measure is the point
            measures[dimension] = {"internal_error": f"{type(error).__name__}: {error}"}
    return measures
