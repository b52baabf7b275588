"""False-positive classes found by the held-out labels of 2026-12-05 (benchmarks/label.py heldout):
findings on (spec, rule) pairs nothing had been tuned on."""

from __future__ import annotations

from textwrap import dedent

from dxscan.scan.pipeline import scan

HEAD = "openapi: 3.0.3\ninfo: {title: Held out, version: 1.0.0}\n"


def found(write, body: str, rule: str) -> list[tuple[str, str]]:
    return [(f.pointer, f.message) for f in scan(str(write(HEAD + dedent(body)))).findings if f.rule == rule]


def test_a_recommended_endpoint_is_a_replacement(write):
    """Was: rubrik's '(DEPRECATED) ... The recommended endpoint is v3/sla_domain/{id}.'"""
    body = """
    paths:
      /sla_domain/{id}:
        patch:
          deprecated: true
          description: (DEPRECATED) Patch an SLA Domain. The recommended endpoint is v3/sla_domain/{id}.
          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
          responses: {'200': {description: Patched.}}
      /old:
        get: {deprecated: true, description: Lists the old things., responses: {'200': {description: Done.}}}
    """
    assert found(write, body, "deprecated-operation-without-sunset") == [
        ("/paths/~1old/get", "GET /old is deprecated with no sunset date, replacement or migration note")]


def test_switching_protocols_is_a_websocket_channels_success(write):
    """Was: osisoft's GET /streamsets/{webId}/channel, whose success is 101."""
    body = """
    paths:
      /channel:
        get: {responses: {'101': {description: Switches to the WebSocket protocol.}, '409': {description: Busy.}}}
      /broken:
        get: {responses: {'409': {description: Busy.}}}
    """
    assert found(write, body, "operation-success-response") == [
        ("/paths/~1broken/get/responses", "GET /broken documents no 2xx or 3xx response")]


def test_an_html_page_for_the_browser_needs_no_example(write):
    """Was: box's GET /authorize, 'does not return any data, but rather should be used in the browser'."""
    body = """
    paths:
      /authorize:
        get: {responses: {'200': {description: The login page., content: {text/html: {schema: {type: string}}}}}}
      /report:
        get: {responses: {'200': {description: The report., content: {text/csv: {schema: {type: string}}}}}}
    """
    assert found(write, body, "response-example") == [
        ("/paths/~1report/get/responses/200", "response 200 of GET /report has no example")]


def test_two_identities_of_two_things_are_not_one_things_two(write):
    """Was: GitHub's hook-delivery-item: the delivery's `id` beside the event's `guid`."""
    body = """
    paths:
      /deliveries:
        get:
          responses:
            '200':
              description: Deliveries.
              content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Delivery'}}}}
      /pans:
        get:
          responses:
            '200':
              description: Card numbers.
              content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pan'}}}}
    components:
      schemas:
        Delivery:
          type: object
          properties:
            id: {type: integer, description: Unique identifier of the webhook delivery.}
            guid: {type: string, description: Unique identifier for the event (shared with all its deliveries).}
        Pan:
          type: object
          properties:
            id: {type: integer, description: The ID for this Virtual PAN.}
            uuid: {type: string, description: The UUID for this Virtual PAN.}
    """
    assert found(write, body, "internal-id-exposure") == [
        ("/components/schemas/Pan", "schema 'Pan' carries 2 identities ('id', 'uuid'): which one do clients use?")]


def test_a_templated_version_in_the_path_is_a_strategy(write):
    """Was: opencagedata's `/v{version}/{format}` had 'no version in paths'. A `{version}` deeper
    in a path is a resource's own version, not the API's."""
    templated = """
    paths:
      /v{version}/{format}:
        get:
          parameters:
            - {name: version, in: path, required: true, schema: {type: integer}}
            - {name: format, in: path, required: true, schema: {type: string}}
          responses: {'200': {description: Done.}}
    """
    assert found(write, templated, "versioning-strategy") == []
    own_version = """
    paths:
      /documents/{id}/versions/{version}:
        get:
          parameters:
            - {name: id, in: path, required: true, schema: {type: string}}
            - {name: version, in: path, required: true, schema: {type: string}}
          responses: {'200': {description: Done.}}
    """
    assert found(write, own_version, "versioning-strategy") == [
        ("/paths", "no version in paths, server URLs, headers, media types or query parameters")]


PROSE = ("2 of 2 operations take credentials described only in info.description (its Authentication section) "
         "instead of a security scheme")


def _described(section: str) -> str:
    text = ("# Introduction\\n\\nManage your domains.\\n\\n" + section + "\\n\\n# Rate limits\\n\\nNo authentication is needed "
            "to read the limits.")
    return f"""
    info: {{title: Held out, version: 1.0.0, description: "{text}"}}
    paths:
      /domains: {{get: {{responses: {{'200': {{description: Domains.}}}}}}}}
      /accounts: {{get: {{responses: {{'200': {{description: Accounts.}}}}}}}}
    """


def test_an_authentication_section_in_the_description_is_auth_described_in_prose(write):
    """Was: combell's 'consumers cannot tell how to authenticate' beside a section that explains
    its HMAC signing step by step. The lighter finding says what to do: declare the scheme."""
    body = _described("# Authentication\\n\\nThe Api uses HMAC authentication: sign each request with your api key and secret.")
    assert found(write, body, "operation-unsecured") == []
    assert found(write, body, "credentials-as-parameter") == [
        ("", PROSE)]


def test_a_section_that_says_no_authentication_is_needed_makes_the_api_public(write):
    """Was: openfintech ('To use OpenFinTech API no needed authorization') scored auth 0. The section
    ends at the next heading of its level: the rate-limit section's "no authentication is needed" is not read."""
    body = _described("## Authentication\\n\\nTo use the API no needed authorization.")
    assert found(write, body, "operation-unsecured") == []
    assert found(write, body, "credentials-as-parameter") == []
    plainly = _described("## Authentication\\n\\nAuthentication is not required for reads or writes.")
    assert found(write, plainly, "operation-unsecured") == found(write, plainly, "credentials-as-parameter") == []
    signed = _described("## Authentication\\n\\nSign every request with your key.")
    assert found(write, signed, "credentials-as-parameter") == [
        ("", PROSE)]


def test_a_credential_header_named_in_html_code_is_auth_described_in_prose(write):
    """Was: setlist.fm's 'API keys must be included in the request with the <code>x-api-key</code>
    header' was not read, and the API 'could not tell how to authenticate'."""
    text = "<h2>API Keys</h2> API keys must be included in the request with the <code>x-api-key</code> header."
    body = f"""
    info: {{title: Held out, version: 1.0.0, description: "{text}"}}
    paths:
      /setlists: {{get: {{responses: {{'200': {{description: Setlists.}}}}}}}}
      /artists: {{get: {{responses: {{'200': {{description: Artists.}}}}}}}}
    """
    assert found(write, body, "operation-unsecured") == []
    assert found(write, body, "credentials-as-parameter") == [
        ("", PROSE.replace("(its Authentication section)", "(header 'x-api-key')"))]
