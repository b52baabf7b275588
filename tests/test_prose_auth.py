"""An API that declares no security but whose description names the header its credential goes in is
authentication declared the wrong way (credentials-as-parameter, lighter), not an API nobody can call
(operation-unsecured, auth 0)."""

from __future__ import annotations

from dxscan.scan.pipeline import scan

PATHS = """paths:
  /events:
    get:
      responses: {'200': {description: The events.}}
    post:
      responses: {'201': {description: Made.}}
"""


def _auth(write, description: str) -> tuple[list[tuple[str, str]], int | None]:
    spec = write(f"openapi: 3.0.3\ninfo:\n  title: Events\n  version: 1.0.0\n  description: {description!r}\n" + PATHS)
    report = scan(str(spec))
    found = [(f.rule, f.message) for f in report.findings if f.rule in ("operation-unsecured", "credentials-as-parameter")]
    return found, next(d.score for d in report.scorecard.dimensions if d.name == "auth")


def test_a_credential_header_named_in_the_description_is_credentials_as_parameter(write):
    found, score = _auth(write, "## Authentication\nFor every request we expect a header `X-Api-Key` to be set with the API Key.")
    assert found == [("credentials-as-parameter", ("2 of 2 operations take credentials described only in "
                      "info.description (header 'X-Api-Key') instead of a security scheme"))]
    assert score == 60


def test_a_description_that_names_no_credential_header_leaves_the_api_unsecured(write):
    found, score = _auth(write, "Uses standard HTTP response codes, authentication, and verbs.")
    assert found == [("operation-unsecured", ("none of the 2 operations declares security and there is no global "
                      "`security`: consumers cannot tell how to authenticate"))]
    assert score == 0


def test_a_code_word_beside_parameter_alone_is_not_a_credential_header(write):
    found, _ = _auth(write, "Exchange the authorization `code` parameter for an `access_token`, then call the API.")
    assert [rule for rule, _ in found] == ["operation-unsecured"]
