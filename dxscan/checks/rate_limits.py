"""Rate limits: can a client tell it is being throttled, and when to retry?

Rate-limit headers come in families: the IETF draft's `RateLimit-Limit` / `RateLimit-Remaining` /
`RateLimit-Reset` (or one `RateLimit` field), the older `X-RateLimit-*`, `X-Rate-Limit-*`, and
vendor prefixes. `Retry-After` is not a family: it answers "when", on a 429 or a 503.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from dxscan import pointer as jp
from dxscan.checks import Context, Hit
from dxscan.checks.inventory import each_or_across, path_operations, per_spec
from dxscan.graph.hosts import NOT_PUBLIC, host_class, public_address
from dxscan.model import Operation, Response, Spec

_RATE_HEADER = re.compile(r"^(.*?rate-?limit)(-[a-z]+)*$", re.IGNORECASE)
_RESET_HEADER = re.compile(r"^(retry-after|.*rate-?limit-reset.*|.*rate-?limit)$", re.IGNORECASE)
_WHEN = re.compile(r"retry|try again|wait|reset|backoff|back off|seconds|minutes|resume", re.IGNORECASE)
# `quota` is matched before its lookbehinds are tried (written after it): written before it, the
# eleven of them ran at every position of every text, 70% of the regex's time over the corpus.
_POLICY = re.compile(
    r"rate[- ]?limit|throttl|quota(?<!storage quota)(?<!disk quota)(?<!resource quota)(?<!space quota)"
    r"(?<!file quota)(?<!memory quota)(?<!cpu quota)(?<!project quota)(?<!namespace quota)(?<!mailbox quota)"
    r"(?<!volume quota)|"
    r"requests? (per|an?|each|every) (second|minute|hour|day)|"
    r"\d[\d,]*\s*(requests|calls|req)\s*(/|per|an?|each|every)", re.IGNORECASE)
# _POLICY without IGNORECASE, for ASCII text put in lower case first: there both find the same
# matches (the pattern is written in lower case, and no ASCII letter folds to another), and this
# one runs in half the time (the 10x Stripe copy's 4,520 operation texts: 15 ms against 31 ms).
_POLICY_LOWER = re.compile(_POLICY.pattern)
# Said once for the whole API, in info.description: a 429 answer, and the headers that count down.
# (or another status the API answers a tripped limit with: "Tripping the rate limit will result in a 503").
_DOCUMENTED_429 = re.compile(r"\b429\b|too[ _-]many[ _-]requests|rate[ -]?limit[^.\n]{0,60}\b(result|return|respond|answer)"
                             r"[^.\n]{0,30}\b[45]\d\d\b", re.IGNORECASE)
_DOCUMENTED_HEADER = re.compile(r"\b(x-)?rate-?limit-\w+|\bratelimit\b(?=[^.\n]*header)|x-rate-limit-\w+", re.IGNORECASE)
_DOCUMENTED_RETRY = re.compile(r"retry-after|rate-?limit-reset|\breset\b[^.\n]*header", re.IGNORECASE)
_POLICY_EXTENSION = re.compile(r"^x-.*(rate-?limit|throttl|quota)", re.IGNORECASE)
_EXTENSION = ("x-", "X-")  # what _POLICY_EXTENSION's `^x-` matches (no other character folds to x): most keys are not


def header_family(name: str) -> str | None:
    """`X-RateLimit-Remaining` -> 'X-RateLimit'; `RateLimit-Reset` and `RateLimit` -> 'RateLimit'
    (the IETF draft); None for a header that is not about rate limits."""
    match = _RATE_HEADER.match(name)
    if not match:
        return None
    prefix = match.group(1)
    return {"ratelimit": "RateLimit", "x-ratelimit": "X-RateLimit", "x-rate-limit": "X-Rate-Limit"}.get(prefix.lower(), prefix)


def operation_families(operation: Operation) -> set[str]:
    return {f for r in operation.responses for h in r.headers if (f := header_family(h.name))}


@per_spec
def families_of(spec: Spec) -> dict[int, set[str]]:
    """operation_families() of each operation under `paths`, by its identity (read, never changed:
    the rules and the measures all ask it)."""
    return {id(operation): operation_families(operation) for operation in path_operations(spec)}


def throttled(operation: Operation) -> list[Response]:
    return [r for r in operation.responses if r.status == "429"]


def api_text(spec: Spec) -> str:
    return str(spec.info.get("description") or "")


_STANDS_IN = ("relative", "templated")  # servers that say nothing of where the API runs


@per_spec
def self_hosted(spec: Spec) -> bool:
    """Every server is the user's own (`localhost`, `*.local`, a private address) or says nothing
    of where the API runs (a relative or templated URL), and one at least is the user's own: a
    product its users run themselves, with no operator to set rate limits or terms of service. A
    documentation host (`api.example.com`) beside a private one stands for a public API."""
    kinds = [_server_kind(server.url) for server in spec.servers]
    return any(k in NOT_PUBLIC for k in kinds) and all(k in NOT_PUBLIC or k in _STANDS_IN for k in kinds)


def _server_kind(url: str) -> str:
    """host_class, but a host templated around a public domain (`{account}.{env}.com.br`) is a
    hosted API's tenants, not a stand-in for the user's own host (`hosts.public_address`)."""
    kind = host_class(url, ports=False)
    return "public" if kind == "templated" and public_address(url) else kind


@per_spec
def limits_apply(spec: Spec) -> bool:
    """Rate limits are the business of an API someone operates: not of a self-hosted product."""
    return bool(path_operations(spec)) and not self_hosted(spec)


@per_spec
def operations_without_429(spec: Spec) -> list[Operation]:
    """Operations that document no 429, unless info.description says once for all how the API
    answers when a client sends too many requests, or the API is self-hosted."""
    if _DOCUMENTED_429.search(api_text(spec)) or not limits_apply(spec):
        return []
    return [o for o in path_operations(spec) if not throttled(o)]


@per_spec
def operations_without_headers(spec: Spec) -> list[Operation]:
    """Operations that return no rate-limit header, unless info.description names the headers once
    for all (`every response carries X-RateLimit-Remaining`), or the API is self-hosted."""
    if _DOCUMENTED_HEADER.search(api_text(spec)) or not limits_apply(spec):
        return []
    families = families_of(spec)
    return [o for o in path_operations(spec) if not families[id(o)]]


def rate_limit_response(context: Context) -> Iterator[Hit]:
    yield from each_or_across(context.spec, operations_without_429(context.spec), "/paths",
                              "documents no 429 Too Many Requests response", "document no 429 Too Many Requests response")


def rate_limit_headers(context: Context) -> Iterator[Hit]:
    yield from each_or_across(context.spec, operations_without_headers(context.spec), "/paths",
                              "returns no rate-limit headers (RateLimit-* or X-RateLimit-*)",
                              "return no rate-limit headers (RateLimit-* or X-RateLimit-*)")


@per_spec
def family_counts(spec: Spec) -> Counter[str]:
    """How many operations use each header family."""
    families = families_of(spec)
    return Counter(f for o in path_operations(spec) for f in families[id(o)])


def rate_limit_headers_inconsistent(context: Context) -> Iterator[Hit]:
    counts = family_counts(context.spec)
    if len(counts) < 2:
        return
    usual = min(counts, key=lambda f: (-counts[f], f))
    families = families_of(context.spec)
    with_headers = sum(1 for o in path_operations(context.spec) if families[id(o)])
    for operation in path_operations(context.spec):
        other = sorted(families[id(operation)] - {usual})
        if other:
            yield Hit(jp.child(operation.pointer, "responses"), f"{operation.label} returns {other[0]}-* headers; most "
                      f"operations with rate-limit headers ({counts[usual]} of {with_headers}) return {usual}-* headers")


@per_spec
def policy_statement(spec: Spec) -> str | None:
    """Where the API states its limits: the info description, a tag, an operation, or an
    `x-rate-limit`-like extension; None when nowhere."""
    places = [("info.description", spec.info), ("the document", spec.document)]
    places += [(f"tag '{tag.name}'", {"description": tag.description}) for tag in spec.tags]
    places += [(operation.label, operation.raw) for operation in spec.operations]
    for where, raw in places:
        if any(isinstance(key, str) and key.startswith(_EXTENSION) and _POLICY_EXTENSION.match(key) for key in raw):
            return where
        text = " ".join(str(raw.get(field) or "") for field in ("description", "summary"))
        if where != "the document" and states_policy(text):
            return where
    return None


def states_policy(text: str) -> bool:
    """`_POLICY.search(text)`: the text states a rate limit or quota."""
    if text.isascii():
        return _POLICY_LOWER.search(text.lower()) is not None
    return _POLICY.search(text) is not None


def rate_limit_policy_undocumented(context: Context) -> Iterator[Hit]:
    if limits_apply(context.spec) and policy_statement(context.spec) is None:
        yield Hit("/info", "the API states no rate limit or quota in its description or an extension")


def tells_when(response: Response) -> bool:
    return any(_RESET_HEADER.match(h.name) for h in response.headers) or bool(_WHEN.search(response.description or ""))


def api_tells_when(spec: Spec) -> bool:
    """info.description names Retry-After or a reset header for every 429."""
    return bool(_DOCUMENTED_RETRY.search(api_text(spec)))


@per_spec
def throttle_responses(spec: Spec) -> dict[str, tuple[Operation, Response]]:
    found: dict[str, tuple[Operation, Response]] = {}
    for operation in path_operations(spec):
        for response in throttled(operation):
            found.setdefault(response.pointer, (operation, response))
    return found


def untold_retries(spec: Spec) -> list[tuple[str, Operation, Response]]:
    if api_tells_when(spec):
        return []
    return [(pointer, o, r) for pointer, (o, r) in sorted(throttle_responses(spec).items()) if not tells_when(r)]


def rate_limit_retry_undocumented(context: Context) -> Iterator[Hit]:
    for pointer, operation, _ in untold_retries(context.spec):
        yield Hit(pointer, f"the 429 response of {operation.label} does not say when to retry (no Retry-After or reset header)")


# --- measures --------------------------------------------------------------------------------

def rate_limit_measures(context: Context) -> dict[str, Any]:
    spec = context.spec
    operations = path_operations(spec)
    responses = throttle_responses(spec)
    families = family_counts(spec)
    with_429 = sum(1 for o in operations if throttled(o))
    by_operation = families_of(spec)
    with_headers = sum(1 for o in operations if by_operation[id(o)])
    return {
        "operations": len(operations),
        "operations_with_429": with_429,
        "operations_with_headers": with_headers,
        "header_families": dict(sorted(families.items())),
        "retry_after_responses": sum(1 for _, r in responses.values() if any(h.name.lower() == "retry-after" for h in r.headers)),
        "policy_stated_in": policy_statement(spec),
        "counts": {
            "rate-limit-response": {"checked": len(operations) if limits_apply(spec) else 0,
                                    "failed": len(operations_without_429(spec))},
            "rate-limit-headers": {"checked": len(operations) if limits_apply(spec) else 0,
                                   "failed": len(operations_without_headers(spec))},
            "rate-limit-headers-inconsistent": {"checked": with_headers},
            "rate-limit-retry-undocumented": {"checked": len(responses)},
            "rate-limit-policy-undocumented": {"checked": 1 if limits_apply(spec) else 0},
        },
    }
