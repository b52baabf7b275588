"""Rate limits: 429s, header families, retry hints and the stated policy."""

from __future__ import annotations

from textwrap import dedent

import pytest

from dxscan.checks.rate_limits import header_family
from dxscan.scan.pipeline import scan

HEAD = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\n"


def report(write, body: str, head: str = HEAD):
    return scan(str(write(head + dedent(body))))


def found(write, body: str, rule: str, head: str = HEAD) -> list[tuple[str, str]]:
    return [(f.pointer, f.message) for f in report(write, body, head).findings if f.rule == rule]


def rate_limits(write, body: str, head: str = HEAD):
    return next(d for d in report(write, body, head).scorecard.dimensions if d.name == "rate_limits")


@pytest.mark.parametrize(("name", "family"), [
    ("X-RateLimit-Remaining", "X-RateLimit"), ("x-ratelimit-reset", "X-RateLimit"), ("RateLimit-Reset", "RateLimit"),
    ("RateLimit", "RateLimit"), ("RateLimit-Policy", "RateLimit"), ("X-Rate-Limit-Limit", "X-Rate-Limit"),
    ("X-App-Rate-Limit", "X-App-Rate-Limit"), ("Retry-After", None), ("X-Request-Id", None),
])
def test_header_families(name, family):
    assert header_family(name) == family


def test_an_api_that_documents_no_limits_gets_one_finding_per_rule_and_zero(write):
    """The fix is API-wide (a shared 429 response, shared headers): one finding each, every operation counted."""
    body = "paths:\n  /pets: {get: {responses: {'200': {description: Done.}}}}\n  /owners: {get: {responses: {'200': {description: Done.}}}}\n"
    assert found(write, body, "rate-limit-response") == [("/paths", "2 of 2 operations document no 429 Too Many Requests response")]
    assert found(write, body, "rate-limit-headers") == [
        ("/paths", "2 of 2 operations return no rate-limit headers (RateLimit-* or X-RateLimit-*)")]
    dimension = rate_limits(write, body)
    assert dimension.score == 0
    assert dimension.summary == "2 of 2 operations document no 429 response; 2 of 2 operations return no rate-limit headers"


RATE_LIMITED = """
paths:
  /pets:
    get:
      responses:
        '200': {description: Done., headers: {X-RateLimit-Remaining: {schema: {type: integer}}}}
        '429': {$ref: '#/components/responses/Slow'}
  /owners:
    get:
      responses:
        '200': {description: Done., headers: {X-RateLimit-Remaining: {schema: {type: integer}}}}
        '429': {$ref: '#/components/responses/Slow'}
  /toys:
    get:
      responses:
        '200': {description: Done., headers: {RateLimit-Remaining: {schema: {type: integer}}}}
        '429': {description: Too many requests.}
  /vets:
    get:
      responses:
        '200': {description: Done.}
components:
  responses:
    Slow:
      description: Slow down.
      headers: {Retry-After: {schema: {type: integer}}}
"""


def test_partial_coverage_names_each_operation(write):
    assert found(write, RATE_LIMITED, "rate-limit-response") == [
        ("/paths/~1vets/get/responses", "GET /vets documents no 429 Too Many Requests response")]
    assert found(write, RATE_LIMITED, "rate-limit-headers-inconsistent") == [
        ("/paths/~1toys/get/responses", ("GET /toys returns RateLimit-* headers; most operations with rate-limit headers (2 of 3) "
                                         "return X-RateLimit-* headers"))]
    assert found(write, RATE_LIMITED, "rate-limit-retry-undocumented") == [
        ("/paths/~1toys/get/responses/429", "the 429 response of GET /toys does not say when to retry (no Retry-After or reset header)")]


def test_measures_count_what_the_api_documents(write):
    dimension = rate_limits(write, RATE_LIMITED)
    measures = dimension.measures
    assert (measures["operations"], measures["operations_with_429"], measures["operations_with_headers"]) == (4, 3, 3)
    assert measures["header_families"] == {"RateLimit": 1, "X-RateLimit": 2}
    assert measures["retry_after_responses"] == 1
    assert measures["rules"]["rate-limit-retry-undocumented"] == {"checked": 2, "failed": 1, "pass_rate": 0.5}


@pytest.mark.parametrize("info", [
    "info: {title: Pets, version: 1.0.0, description: 'Each key may make 600 requests per minute.'}",
    "info: {title: Pets, version: 1.0.0, x-rate-limit: {limit: 600, window: 1m}}",
    "info: {title: Pets, version: 1.0.0, description: 'Requests are throttled above the plan quota.'}",
])
def test_a_stated_policy_passes(write, info):
    body = "paths:\n  /pets: {get: {responses: {'200': {description: Done.}}}}\n"
    assert found(write, body, "rate-limit-policy-undocumented", f"openapi: 3.0.3\n{info}\n") == []


def test_no_stated_policy(write):
    body = "paths:\n  /pets: {get: {responses: {'200': {description: Done.}}}}\n"
    assert found(write, body, "rate-limit-policy-undocumented") == [
        ("/info", "the API states no rate limit or quota in its description or an extension")]


def test_nearly_every_operation_failing_is_one_finding_naming_the_exceptions(write):
    throttled = "{get: {responses: {'200': {description: Done.}, '429': {description: Wait a minute.}}}}"
    body = "paths:\n" + "".join(f"  /p{i}: {{get: {{responses: {{'200': {{description: Done.}}}}}}}}\n" for i in range(11))
    body += f"  /rate_limit: {throttled}\n"
    assert found(write, body, "rate-limit-response") == [
        ("/paths", "11 of 12 operations document no 429 Too Many Requests response (all but GET /rate_limit)")]
    assert rate_limits(write, body).measures["rules"]["rate-limit-response"] == {"checked": 12, "failed": 11, "pass_rate": 0.0833}
