"""Versioning: the strategy detected, and each rule's findings at exact pointers."""

from __future__ import annotations

from textwrap import dedent

import pytest

from dxscan.scan.pipeline import scan

HEAD = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\n"


def report(write, body: str, head: str = HEAD):
    return scan(str(write(head + dedent(body))))


def found(write, body: str, rule: str, head: str = HEAD) -> list[tuple[str, str]]:
    return [(f.pointer, f.message) for f in report(write, body, head).findings if f.rule == rule]


def versioning(write, body: str, head: str = HEAD):
    return next(d for d in report(write, body, head).scorecard.dimensions if d.name == "versioning")


GET = "{get: {responses: {'200': {description: Done.}}}}"


@pytest.mark.parametrize(("body", "strategies", "carriers"), [
    (f"paths:\n  /v1/pets: {GET}\n", ["path"], {"path": ["v1"]}),
    (f"servers: [{{url: 'https://api.example.com/v2'}}]\npaths:\n  /pets: {GET}\n", ["server"], {"server": ["v2"]}),
    (("paths:\n  /pets:\n    get:\n      parameters: [{name: Stripe-Version, in: header, schema: {type: string}}]\n"
      "      responses: {'200': {description: Done.}}\n"), ["header"], {"header": ["Stripe-Version"]}),
    (("paths:\n  /pets:\n    get:\n      parameters: [{name: api-version, in: query, schema: {type: string}}]\n"
      "      responses: {'200': {description: Done.}}\n"), ["query"], {"query": ["api-version"]}),
    (("paths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: Done.\n"
      "          content: {application/vnd.acme.v2+json: {schema: {type: object}}}\n"),
     ["media-type"], {"media-type": ["application/vnd.acme.v2+json"]}),
])
def test_strategy_is_detected_and_reported(write, body, strategies, carriers):
    dimension = versioning(write, body)
    assert dimension.measures["strategies"] == strategies
    assert dimension.measures["carriers"] == carriers
    assert dimension.score == 100


def test_no_strategy_is_one_finding_and_a_low_score(write):
    body = f"paths:\n  /pets: {GET}\n"
    assert found(write, body, "versioning-strategy") == [
        ("/paths", "no version in paths, server URLs, headers, media types or query parameters")]
    dimension = versioning(write, body)
    assert dimension.score == 25
    assert dimension.summary == "the API has no discernible versioning strategy"


def test_a_client_version_header_or_a_rare_version_parameter_is_not_a_strategy(write):
    body = """
    paths:
      /pets:
        get:
          parameters:
            - {name: X-Client-Version, in: header, schema: {type: string}}
          responses: {'200': {description: Done.}}
      /packages/{name}:
        get:
          parameters:
            - {name: name, in: path, required: true, schema: {type: string}}
            - {name: version, in: query, schema: {type: string}}
          responses: {'200': {description: Done.}}
      /owners: {get: {responses: {'200': {description: Done.}}}}
    """
    assert versioning(write, body).measures["strategies"] == []


def test_mixed_strategies_name_the_odd_operation(write):
    body = f"""
    paths:
      /v1/pets: {GET}
      /v1/owners: {GET}
      /toys:
        get:
          parameters: [{{name: api-version, in: query, schema: {{type: string}}}}]
          responses: {{'200': {{description: Done.}}}}
    """
    assert found(write, body, "versioning-mixed") == [
        ("/paths/~1toys/get", ("GET /toys carries its version in the query ('api-version'); "
                               "2 of 3 versioned operations carry it in the URL"))]


def test_a_url_major_and_a_dated_header_on_every_operation_is_not_mixed(write):
    header = "parameters: [{name: Stripe-Version, in: header, schema: {type: string}}]"
    body = f"""
    paths:
      /v1/pets: {{get: {{{header}, responses: {{'200': {{description: Done.}}}}}}}}
      /v1/owners: {{get: {{{header}, responses: {{'200': {{description: Done.}}}}}}}}
    """
    assert found(write, body, "versioning-mixed") == []


def test_an_older_major_beside_a_newer_one_must_be_deprecated(write):
    body = f"""
    paths:
      /v1/pets: {GET}
      /v2/pets: {GET}
      /v1/owners: {GET}
    """
    assert found(write, body, "version-older-not-deprecated") == [
        ("/paths/~1v1~1pets/get", "GET /v1/pets is not deprecated although GET /v2/pets replaces it")]
    dimension = versioning(write, body)
    assert dimension.measures["major_versions"] == [1, 2]
    assert dimension.measures["rules"]["version-older-not-deprecated"] == {"checked": 1, "failed": 1, "pass_rate": 0.0}


def test_version_segment_position(write):
    body = f"paths:\n  /v1/pets: {GET}\n  /v1/owners: {GET}\n  /pets/v1/toys: {GET}\n"
    assert found(write, body, "version-segment-position") == [
        ("/paths/~1pets~1v1~1toys", "path '/pets/v1/toys' has its version at segment 2; 2 of 3 versioned paths have it at segment 1")]


@pytest.mark.parametrize("version", [
    "1.0.0", "v2", "2.x", "1.0.0-oas3", "1001.0.0-SNAPSHOT", "2024-06-01", "2020-09-14_1.345.1", "v4 (Hunt Valley)",
    "Wed Oct 15 2025 13:53:19 GMT+0000 (Coordinated Universal Time)",
])
def test_version_numbers_and_dates_pass(write, version):
    head = f"openapi: 3.0.3\ninfo: {{title: Pets, version: '{version}'}}\n"
    assert found(write, "paths: {}\n", "info-version-format", head) == []


@pytest.mark.parametrize("version", ["latest", "partner", "8234aab51481d37a30757d925b7f4221a659427e"])
def test_words_and_hashes_are_not_versions(write, version):
    head = f"openapi: 3.0.3\ninfo: {{title: Pets, version: '{version}'}}\n"
    assert found(write, "paths: {}\n", "info-version-format", head) == [
        ("/info/version", f"info.version '{version}' is neither a version number (1.4.0) nor a date (2024-06-01)")]


@pytest.mark.parametrize(("extra", "hits"), [
    ("description: Searches pets.", 1),
    ("description: Use GET /pets?q= instead.", 0),
    ("description: Searches pets.\n      x-sunset: '2025-06-30'", 0),
    ("responses: {'200': {description: Done., headers: {Sunset: {schema: {type: string}}}}}", 0),
])
def test_a_deprecated_operation_needs_a_sunset_or_replacement(write, extra, hits):
    responses = "" if "responses" in extra else "\n      responses: {'200': {description: Done.}}"
    body = f"paths:\n  /pets/search:\n    get:\n      deprecated: true\n      {extra}{responses}\n"
    expected = [("/paths/~1pets~1search/get", "GET /pets/search is deprecated with no sunset date, replacement or migration note")]
    assert found(write, body, "deprecated-operation-without-sunset") == expected[:hits]


def test_deprecated_parameters_and_properties_need_a_note(write):
    body = """
    paths:
      /pets:
        get:
          parameters:
            - {name: size, in: query, deprecated: true, schema: {type: integer}}
            - {name: tag, in: query, deprecated: true, description: Replaced by `tags`., schema: {type: string}}
          responses: {'200': {description: Done.}}
    components:
      schemas:
        Pet:
          type: object
          properties:
            kind: {type: string, deprecated: true}
            species: {type: string, deprecated: true, description: Use `kind` instead.}
    """
    assert found(write, body, "deprecated-parameter-without-note") == [
        ("/paths/~1pets/get/parameters/0", "query parameter 'size' is deprecated with no replacement or migration note")]
    assert found(write, body, "deprecated-property-without-note") == [
        ("/components/schemas/Pet/properties/kind", "property 'kind' is deprecated with no replacement or migration note")]
    assert versioning(write, body).measures["deprecated"] == {"operations": 0, "parameters": 2, "properties": 2}


def test_a_versioned_media_type_beside_a_url_version_is_not_mixed(write):
    """Media types version representations: a DELETE with no versioned body still carries the URL's version."""
    body = """
    servers: [{url: 'https://api.example.com/v2'}]
    paths:
      /pets:
        get:
          responses: {'200': {description: Done., content: {application/json;version=2018-01-01: {schema: {type: object}}}}}
        delete:
          responses: {'204': {description: Deleted.}}
    """
    dimension = versioning(write, body)
    assert dimension.measures["strategies"] == ["media-type", "server"]
    assert found(write, body, "versioning-mixed") == []
