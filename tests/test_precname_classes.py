"""The false-positive classes behind the wrong labels of enum-value-casing, path-verb and
oauth2-scope-unused (branch precname), each on a small document: what a reviewer judged wrong no
longer fires, what they judged right still does."""

from __future__ import annotations

from textwrap import dedent

from dxscan.scan.pipeline import scan
from tests.test_naming2_classes import verb_hit

HEAD = "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\n"
GET = "{get: {responses: {'200': {description: Done.}}}}"
POST = "{post: {responses: {'200': {description: Done.}}}}"


def found(write, body: str, rule: str) -> list[tuple[str, str]]:
    return [(f.pointer, f.message) for f in scan(str(write(HEAD + dedent(body)))).findings if f.rule == rule]


def enum_api(*schemas: str) -> str:
    """A document whose components hold the given `Name: schema` lines."""
    return "paths: {}\ncomponents:\n  schemas:\n" + "".join(f"    {schema}\n" for schema in schemas)


def status(name: str, values: str) -> str:
    return f"{name}: {{type: object, properties: {{status: {{type: string, enum: [{values}]}}}}}}"


# --- enum-value-casing ---------------------------------------------------------------------------

def test_one_value_repeated_in_many_enums_does_not_outvote_the_others(write):
    repeated = [status(f"Match{n}", "NO_MATCH") for n in range(6)]
    body = enum_api(*repeated, status("Carrier", "mobile, landline_premium, landline_tollfree"),
                    status("Email", "deliverable, not_deliverable"))
    # 6 uses of NO_MATCH against 3 snake_case values: by uses SCREAMING wins, by values snake_case
    assert found(write, body, "enum-value-casing") == []


def test_a_majority_of_uses_and_of_values_still_finds_the_odd_value(write):
    body = enum_api(status("Order", "in_progress, on_hold, not_started"), status("Ship", "in_transit, out_for_delivery"),
                    status("Copy", "in_progress, on_hold"), status("Refund", "awaitingApproval, done"))
    assert found(write, body, "enum-value-casing") == [
        ("/components/schemas/Refund/properties/status",
         "enum value 'awaitingApproval' is camelCase; 7 of 8 multi-word enum values are snake_case")]


def test_two_values_in_one_casing_are_not_yet_a_convention(write):
    body = enum_api(status("Track", "no-rights-reserved, all-rights-reserved"), status("Auth", "code, token, code_and_token"))
    assert found(write, body, "enum-value-casing") == []
    three = enum_api(status("Track", "no-rights-reserved, all-rights-reserved, some-rights-reserved"),
                     status("Auth", "code, token, code_and_token"))
    assert found(write, three, "enum-value-casing") == [
        ("/components/schemas/Auth/properties/status",
         "enum value 'code_and_token' is snake_case; 3 of 4 multi-word enum values are kebab-case")]


def test_creative_commons_licence_codes_are_a_standard_not_the_apis_casing(write):
    body = enum_api(status("Score", "inProgress, notStarted, onHold, isPublic, hasParts"),
                    "Licence: {type: string, enum: [copyright, cc0, cc-by, cc-by-sa, cc-by-nc-nd]}")
    assert found(write, body, "enum-value-casing") == []


def test_enums_named_for_another_systems_list_are_not_reported(write):
    own = "in_progress, on_hold, not_started, awaiting_payment, in_transit, out_for_delivery, partly_paid, fully_paid"
    body = enum_api(
        status("Order", own),
        "Sso: {type: object, properties: {ldap_username_field: {type: string, enum: [sAMAccountName, userPrincipalName]}}}",
        "RecoveryModel: {type: string, enum: [SIMPLE, FULL, BULK_LOGGED]}",
        "Icon: {type: object, properties: {platform: {type: string, enum: [ios7, androidL, windowsPhone]}}}",
    ).replace("paths: {}\n", "paths:\n  /similarity:\n    get:\n      parameters: [{name: metric, in: query, "
                                "schema: {type: string, enum: [jaccard, simGIC, symmetricResnik]}}]\n"
                                "      responses: {'200': {description: Done.}}\n")
    assert found(write, body, "enum-value-casing") == []


def test_an_odd_value_in_the_apis_own_status_enum_is_still_found(write):
    body = enum_api(status("Order", "in_progress, on_hold, not_started, awaiting_payment"),
                    "Sso: {type: object, properties: {ldap_username_field: {type: string, enum: [sAMAccountName]}}}",
                    status("Backup", "paused, needsPostProcessing"))
    assert found(write, body, "enum-value-casing") == [
        ("/components/schemas/Backup/properties/status",
         "enum value 'needsPostProcessing' is camelCase; 4 of 6 multi-word enum values are snake_case")]


# --- path-verb -----------------------------------------------------------------------------------

def test_an_api_of_method_names_is_rpc_by_design(write):
    body = "paths:\n" + "".join(f"  /{name}: {POST}\n" for name in (
        "admin.apps.approve", "chat.postMessage", "conversations.list", "admin.usergroups.removeChannels"))
    assert found(write, body, "path-verb") == []


def test_an_api_of_paths_ending_in_a_verb_is_rpc_by_design(write):
    body = "paths:\n" + "".join(f"  {path}: {POST}\n" for path in (
        "/accounts/get", "/item/remove", "/asset_report/create", "/institutions/get_by_id", "/link/token/create"))
    assert found(write, body, "path-verb") == []


def test_an_api_of_post_commands_without_parameters_is_rpc_by_design(write):
    commands = ("Call", "HangupCall", "TransferCall", "ConferenceMute", "ConferenceUnmute", "ConferenceKick",
                "RecordStart", "RecordStop", "PlayStop", "SendDigits")
    body = "paths:\n" + "".join(f"  /v0.1/{command}/: {POST}\n" for command in commands)
    assert found(write, body, "path-verb") == []
    # four POST endpoints are too few to call a design: the verb path is still found
    few = "paths:\n" + "".join(f"  /api/{name}: {POST}\n" for name in ("delete_pic", "info", "search", "upload"))
    assert found(write, few, "path-verb") == [verb_hit("/api/delete_pic", "delete_pic")]


def test_a_record_of_an_action_read_by_get_is_a_noun(write):
    body = (f"paths:\n  /change-log: {GET}\n  /uploads/update-history: {GET}\n  /orders: {GET}\n  /pets: {GET}\n"
            f"  /owners: {GET}\n  /stores: {GET}\n  /update-profile: {GET}\n  /orders/change-log: {POST}\n")
    assert found(write, body, "path-verb") == [
        verb_hit("/update-profile", "update-profile"),
        verb_hit("/orders/change-log", "change-log")]


# --- oauth2-scope-unused -------------------------------------------------------------------------

SCOPED = """
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows: {{authorizationCode: {{authorizationUrl: 'https://auth.pets.com/a', tokenUrl: 'https://auth.pets.com/t',
              scopes: {scopes}}}}}
paths:
  /identity/user:
    get:
      security: [{{oauth: [identity.readonly]}}]
      responses: {{'200': {{description: Done.}}}}
  /identity/stations:
    get:
      security: [{{oauth: [identity.readonly]}}]
      responses: {{'200': {{description: Done.}}}}
"""


def test_a_scope_for_what_another_api_serves_is_not_unused(write):
    scopes = "{identity.readonly: See you., listening.readonly: See your history., app-remote-control: Use the app.}"
    assert found(write, SCOPED.format(scopes=scopes), "oauth2-scope-unused") == []


def test_a_scope_for_what_this_api_serves_is_still_unused(write):
    scopes = ("{identity.readonly: See you., 'stations:write': Change your stations., "
              "listening.readonly: See your history.}")
    assert found(write, SCOPED.format(scopes=scopes), "oauth2-scope-unused") == [
        ("/components/securitySchemes/oauth", "security scheme 'oauth' defines scopes no operation requires: 'stations:write'")]
