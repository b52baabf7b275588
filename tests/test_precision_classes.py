"""The false-positive classes and misses of issue 11, each on a small document written from the
issue's description: what a reviewer judged wrong no longer fires, what a reviewer would flag does."""

from __future__ import annotations

from textwrap import dedent

from dxscan.scan.pipeline import scan

HEAD = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\n"
GET = "{get: {responses: {'200': {description: Done.}}}}"


def report(write, body: str, head: str = HEAD):
    return scan(str(write(head + dedent(body))))


def found(write, body: str, rule: str, head: str = HEAD) -> list[tuple[str, str]]:
    return [(f.pointer, f.message) for f in report(write, body, head).findings if f.rule == rule]


def dimension(write, body: str, name: str, head: str = HEAD):
    return next(d for d in report(write, body, head).scorecard.dimensions if d.name == name)


# --- versioning-strategy -----------------------------------------------------------------------

def test_a_bare_number_ending_the_server_url_is_a_version(write):
    body = f"servers: [{{url: 'https://api.example.com/1'}}]\npaths:\n  /pets: {GET}\n"
    assert found(write, body, "versioning-strategy") == []
    assert dimension(write, body, "versioning").measures["carriers"] == {"server": ["1"]}


def test_a_version_in_a_server_variable_default_is_a_version(write):
    body = f"""
    servers:
      - url: 'https://api.example.com{{basePath}}'
        variables: {{basePath: {{default: /sell/finances/v1}}}}
    paths:
      /pets: {GET}
    """
    assert found(write, body, "versioning-strategy") == []
    assert dimension(write, body, "versioning").measures["carriers"] == {"server": ["v1"]}


def test_a_bare_number_as_first_path_segment_is_a_version(write):
    body = f"paths:\n  /2/tweets: {GET}\n  /2/users/{{id}}: {GET}\n"
    assert found(write, body, "versioning-strategy") == []
    assert dimension(write, body, "versioning").measures["carriers"] == {"path": ["2"]}


def test_a_number_that_is_a_resource_is_not_a_version(write):
    body = f"paths:\n  /pets/2: {GET}\n  /2: {GET}\n"
    assert found(write, body, "versioning-strategy") == [
        ("/paths", "no version in paths, server URLs, headers, media types or query parameters")]


def test_a_version_in_both_the_server_url_and_the_paths_is_found(write):
    body = f"servers: [{{url: 'https://api.example.com/v2'}}]\npaths:\n  /v4/pets: {GET}\n  /v4/owners: {GET}\n"
    assert found(write, body, "version-in-server-and-path") == [
        ("/servers/0", ("server 'https://api.example.com/v2' carries version 'v2' and so do the paths "
                        "('/v4/owners' and 1 more): a client's URL holds two versions"))]
    assert found(write, f"servers: [{{url: 'https://api.example.com'}}]\npaths:\n  /v4/pets: {GET}\n",
                 "version-in-server-and-path") == []
