"""The conventions one API follows, and where APIs in a portfolio part ways.

A platform team wants its APIs to feel like one product: one way to authenticate, to version, to
name things, to page through lists and to report errors. `profile` reads one API's choices from
what its dimensions already measured (auth schemes, versioning strategies, naming conventions,
pagination styles: the scorecard's `measures`, so the portfolio and the dimensions agree), and
the error format from the document; `inconsistencies` compares the profiles of a portfolio and
names the APIs that differ from the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from dxscan import pointer as jp
from dxscan.model import Spec
from dxscan.openapi import operation_methods

# (field, what a person calls it); the order in which reports list them.
TRAITS = (
    ("auth", "auth model"),
    ("versioning", "versioning strategy"),
    ("path_naming", "path naming"),
    ("parameter_naming", "parameter naming"),
    ("property_naming", "property naming"),
    ("pagination", "pagination style"),
    ("errors", "error format"),
)
TRAIT_LABELS = dict(TRAITS)
VERSIONING_LABELS = {"path": "URL path", "server": "URL path", "header": "header", "media-type": "media type",
                     "query": "query parameter"}
PAGINATION_LABELS = {"cursor": "cursor", "page": "page number", "offset": "offset/limit"}
NAMING_MEASURES = (("path_naming", "path_segments"), ("parameter_naming", "parameters"), ("property_naming", "properties"))
PROBLEM_DETAILS_FIELDS = frozenset(("type", "title", "status", "detail"))
MAX_ERROR_FIELDS = 5


@dataclass(frozen=True)
class Profile:
    """One API's conventions; None where the API gives nothing to compare (no multi-word names,
    no paginated lists, or its scorecard does not measure the trait)."""

    auth: str | None
    versioning: str | None
    path_naming: str | None
    parameter_naming: str | None
    property_naming: str | None
    pagination: str | None
    errors: str | None

    def value(self, trait: str) -> str | None:
        return getattr(self, trait)


@dataclass(frozen=True)
class Inconsistency:
    """APIs whose choice for one trait differs from the rest of the portfolio. `majority` is the
    choice most APIs share; None when no choice leads, and then `sources` lists every API compared."""

    trait: str
    sources: tuple[str, ...]
    value: str | None  # the differing API's choice (None for a split)
    majority: str | None
    majority_count: int
    compared: int
    message: str

    @property
    def label(self) -> str:
        return TRAIT_LABELS[self.trait]


def profile(measures: dict[str, dict[str, Any]], spec: Spec | None) -> Profile:
    """An API's conventions from its dimensions' measures (name -> measures) and, for the error
    format, its document (None: not compared)."""
    naming = measures.get("naming", {})
    casing = naming.get("casing") if isinstance(naming.get("casing"), dict) else {}
    names = {trait: _convention(casing.get(key)) for trait, key in NAMING_MEASURES}
    return Profile(
        auth=auth_model(measures.get("auth", {})),
        versioning=versioning_strategy(measures.get("versioning", {})),
        pagination=pagination_style(naming),
        errors=None if spec is None else error_format(spec),
        **names,
    )


def auth_model(measures: dict[str, Any]) -> str | None:
    """The kinds of the schemes the operations use ("OAuth 2 + API key in a header"), or
    "none declared"."""
    schemes = measures.get("schemes")
    if not isinstance(schemes, list):
        return None
    kinds = sorted({str(s.get("kind")) for s in schemes if isinstance(s, dict) and s.get("applied")})
    return " + ".join(kinds) or "none declared"


def versioning_strategy(measures: dict[str, Any]) -> str | None:
    """Where the version is, as consumers meet it: in the server URL or in the path both put it
    in the URL."""
    strategies = measures.get("strategies")
    if not isinstance(strategies, list):
        return None
    return " + ".join(sorted({VERSIONING_LABELS.get(str(s), str(s)) for s in strategies})) or "none found"


def _convention(measure: Any) -> str | None:
    """The naming measure's majority convention; None for an API of single-word names."""
    if not isinstance(measure, dict) or measure.get("convention") in (None, "single words"):
        return None
    return str(measure["convention"])


def pagination_style(naming: dict[str, Any]) -> str | None:
    """The style most paginated operations use; None when no operation pages."""
    styles = naming.get("pagination")
    if not isinstance(styles, dict) or not styles:
        return None
    counts = Counter({str(style): int(count) for style, count in styles.items()})
    style = most_common(counts)
    return PAGINATION_LABELS.get(style, style)


def most_common(counts: Counter[str]) -> str:
    """The most frequent value; between equals, the first in alphabetical order (deterministic)."""
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


# --- errors ---------------------------------------------------------------------------------

def error_format(spec: Spec) -> str:
    """How error responses (4xx, 5xx, default) are shaped, by the shape most of them share:
    "problem+json", "problem details (application/json)", "custom (code, message)",
    "unstructured", or "not documented" when no error response has a body.

    It walks the responses in the document rather than `spec.operations`: building every
    operation's model costs about a third of a scan on the corpus, and only responses matter here."""
    counts = Counter(shape for shape in (_response_shape(spec, r) for r in _error_responses(spec)) if shape)
    return most_common(counts) if counts else "not documented"


def _error_responses(spec: Spec) -> Iterator[dict[str, Any]]:
    """Each error response object once (shared components count once)."""
    seen: set[str] = set()
    for path in spec.paths:
        item, item_pointer = spec.resolve(spec.document["paths"][path], jp.join("paths", path))
        if not isinstance(item, dict):
            continue
        for method in operation_methods(spec.version):
            responses = item.get(method, {}).get("responses") if isinstance(item.get(method), dict) else None
            if not isinstance(responses, dict):
                continue
            for status, value in responses.items():
                body, pointer = spec.resolve(value, jp.child(item_pointer, method, "responses", status))
                if _is_error(str(status)) and isinstance(body, dict) and pointer not in seen:
                    seen.add(pointer)
                    yield body


def _is_error(status: str) -> bool:
    return status[:1] in ("4", "5") or status == "default"


def _response_shape(spec: Spec, body: dict[str, Any]) -> str | None:
    """The shape of one error response body; None when it has none."""
    content = body.get("content") if isinstance(body.get("content"), dict) else {}
    if any("problem+" in str(media) for media in content):
        return "problem+json"
    raw_schema = body.get("schema") if spec.version == "2.0" else next(
        (m.get("schema") for name, m in content.items() if "json" in str(name) and isinstance(m, dict) and "schema" in m), None)
    if raw_schema is None:
        return None
    fields = _field_names(spec, raw_schema)
    if PROBLEM_DETAILS_FIELDS <= set(fields):
        return "problem details (application/json)"
    if not fields:
        return "unstructured"
    return "custom (" + ", ".join(fields[:MAX_ERROR_FIELDS]) + (", …" if len(fields) > MAX_ERROR_FIELDS else "") + ")"


def _field_names(spec: Spec, raw_schema: Any, depth: int = 0) -> list[str]:
    """A schema's top-level property names, its allOf members' included (a few levels: allOf can
    be recursive), sorted."""
    schema, _ = spec.resolve(raw_schema, "")
    if not isinstance(schema, dict) or depth > 4:
        return []
    names = set(schema["properties"]) if isinstance(schema.get("properties"), dict) else set()
    members = schema.get("allOf") if isinstance(schema.get("allOf"), list) else []
    for member in members:
        names.update(_field_names(spec, member, depth + 1))
    return sorted(names)


# --- comparing a portfolio ------------------------------------------------------------------

@dataclass(frozen=True)
class TraitSummary:
    """One trait across a portfolio: the choice most APIs made (None when none leads), and the
    APIs that chose otherwise with their choice."""

    trait: str
    compared: int
    majority: str | None
    majority_count: int
    differing: tuple[tuple[str, str], ...]  # (source, choice)

    @property
    def label(self) -> str:
        return TRAIT_LABELS[self.trait]


def summarise(profiles: dict[str, Profile]) -> tuple[TraitSummary, ...]:
    """Every trait, in TRAITS order, over the APIs that have something to compare."""
    return tuple(_summary(trait, profiles) for trait, _ in TRAITS)


def _summary(trait: str, profiles: dict[str, Profile]) -> TraitSummary:
    values = {source: p.value(trait) for source, p in sorted(profiles.items()) if p.value(trait) is not None}
    ranked = sorted(Counter(values.values()).items(), key=lambda item: (-item[1], item[0]))
    leads = bool(ranked) and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[1][1] < ranked[0][1])
    majority, count = ranked[0] if leads else (None, ranked[0][1] if ranked else 0)
    differing = tuple((source, value) for source, value in values.items() if value != majority)
    return TraitSummary(trait, len(values), majority, count, differing)


def inconsistencies(profiles: dict[str, Profile], names: dict[str, str]) -> tuple[Inconsistency, ...]:
    """For each trait, the APIs (by source) whose choice differs from the one most APIs share, or
    one split finding when no choice leads (a tie, or every API different). `names` gives each
    source's title."""
    found: list[Inconsistency] = []
    for summary in summarise(profiles):
        found.extend(_trait_inconsistencies(summary, names))
    return tuple(found)


def _trait_inconsistencies(summary: TraitSummary, names: dict[str, str]) -> list[Inconsistency]:
    if summary.compared < 2 or not summary.differing:
        return []
    label = summary.label
    if summary.majority is None:
        spread = ", ".join(f"{value} ({n})" for value, n in _ranked(v for _, v in summary.differing))
        message = f"no common {label} across {summary.compared} APIs: {spread}"
        sources = tuple(source for source, _ in summary.differing)
        return [Inconsistency(summary.trait, sources, None, None, summary.majority_count, summary.compared, message)]
    return [
        Inconsistency(summary.trait, (source,), value, summary.majority, summary.majority_count, summary.compared,
                      f"{label}: '{names.get(source, source)}' uses {value}; "
                      f"{summary.majority_count} of {summary.compared} APIs use {summary.majority}")
        for source, value in summary.differing
    ]


def _ranked(values: Iterable[str]) -> list[tuple[str, int]]:
    return sorted(Counter(values).items(), key=lambda item: (-item[1], item[0]))


def conventions_table(profiles: dict[str, Profile]) -> dict[str, dict[str, list[str]]]:
    """trait -> choice -> the APIs (sources) that made it, most common choice first."""
    table: dict[str, dict[str, list[str]]] = {}
    for trait, _ in TRAITS:
        choices: dict[str, list[str]] = {}
        for source in sorted(profiles):
            value = profiles[source].value(trait)
            if value is not None:
                choices.setdefault(value, []).append(source)
        table[trait] = dict(sorted(choices.items(), key=lambda item: (-len(item[1]), item[0])))
    return table
