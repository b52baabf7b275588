"""Scores are honest and stable: the same API in any form scores the same, and each dimension
moves only when what it measures changes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from dxscan.scan.pipeline import scan
from tests.conftest import FIXTURES

SHOP = FIXTURES / "dimensions" / "shop.yaml"
PLATFORM = ("versioning", "auth", "rate_limits", "naming", "documentation")


def shop() -> dict[str, Any]:
    return yaml.safe_load(SHOP.read_text(encoding="utf-8"))


def dump(tmp_path: Path, document: Any, name: str = "openapi.yaml") -> Path:
    path = tmp_path / name
    text = json.dumps(document, indent=1) if name.endswith(".json") else yaml.safe_dump(document, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def scores(path: Path) -> dict[str, int | None]:
    return {d.name: d.score for d in scan(str(path)).scorecard.dimensions}


def card(path: Path) -> dict[str, tuple]:
    """Per dimension: score, summary, and each rule's checked and failed counts."""
    return {
        d.name: (d.score, d.summary, {r.rule: (r.checked, r.failed) for r in d.rules})
        for d in scan(str(path)).scorecard.dimensions
    }


def reversed_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: reversed_keys(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [reversed_keys(item) for item in value]
    return value


def rewrite_refs(value: Any, old: str, new: str) -> Any:
    """`#/components/schemas/Pet` -> `Pet.yaml` (with old='#/components/schemas/', new='')."""
    if isinstance(value, dict):
        return {k: (new + v.removeprefix(old) + ".yaml" if k == "$ref" and isinstance(v, str) and v.startswith(old)
                    else rewrite_refs(v, old, new)) for k, v in value.items()}
    if isinstance(value, list):
        return [rewrite_refs(item, old, new) for item in value]
    return value


def split(tmp_path: Path, document: dict[str, Any]) -> Path:
    """The same API the way large ones are kept: each schema in its own file
    (`schemas/Pet.yaml`), named in the root file, referring to its neighbours by file name."""
    (tmp_path / "schemas").mkdir()
    schemas = document["components"]["schemas"]
    for name, schema in schemas.items():
        dump(tmp_path / "schemas", rewrite_refs(schema, "#/components/schemas/", ""), f"{name}.yaml")
        schemas[name] = {"$ref": f"schemas/{name}.yaml"}
    return dump(tmp_path, document)


def test_json_yaml_key_order_and_split_files_score_the_same(tmp_path):
    expected = card(SHOP)
    assert card(dump(tmp_path, shop(), "as.json")) == expected
    assert card(dump(tmp_path, reversed_keys(shop()), "reversed.yaml")) == expected
    (tmp_path / "split").mkdir()
    assert card(split(tmp_path / "split", shop())) == expected


def without_descriptions(value: Any) -> Any:
    """Every `description` text removed (a property named `description` stays: its value is a schema)."""
    if isinstance(value, dict):
        return {k: without_descriptions(v) for k, v in value.items() if not (k == "description" and isinstance(v, str))}
    if isinstance(value, list):
        return [without_descriptions(item) for item in value]
    return value


def test_stripping_descriptions_lowers_documentation_only(tmp_path):
    before = scores(SHOP)
    after = scores(dump(tmp_path, without_descriptions(shop())))
    assert after["documentation"] < before["documentation"] - 20
    assert (after["versioning"], after["naming"]) == (before["versioning"], before["naming"])


def test_removing_auth_drops_auth_below_30(tmp_path):
    document = shop()
    del document["components"]["securitySchemes"], document["security"]
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                operation.pop("security", None)
    assert scores(SHOP)["auth"] > 70
    assert scores(dump(tmp_path, document))["auth"] < 30


def test_429_and_rate_limit_headers_on_every_operation_lift_rate_limits_above_80(tmp_path):
    document = shop()
    for item in document["paths"].values():
        for method, operation in item.items():
            if method == "parameters":
                continue
            operation["responses"]["429"] = {"$ref": "#/components/responses/TooManyRequests"}
            for status, response in operation["responses"].items():
                if status.startswith("2"):
                    response.setdefault("headers", {})["X-RateLimit-Remaining"] = {"$ref": "#/components/headers/Remaining"}
    assert scores(SHOP)["rate_limits"] < 60
    assert scores(dump(tmp_path, document))["rate_limits"] > 80


REPLICATED = ("schemas", "parameters", "responses", "headers")  # security schemes are named, not referred to


def renamed_refs(value: Any, suffix: str) -> Any:
    """`#/components/schemas/Pet` -> `#/components/schemas/PetAb`: one copy's own components."""
    if isinstance(value, dict):
        return {k: (v + suffix if k == "$ref" and isinstance(v, str) and v.startswith("#/components/") else renamed_refs(v, suffix))
                for k, v in value.items()}
    if isinstance(value, list):
        return [renamed_refs(item, suffix) for item in value]
    return value


def replicated(document: dict[str, Any], copies: int) -> dict[str, Any]:
    """The same API `copies` times over, each copy under its own prefix (`/v1/aa/pets`) with its
    own components (`PetAa`) and operationIds: every ratio the rules measure is kept."""
    big = copy.deepcopy(document)
    big["paths"] = {}
    for section in REPLICATED:
        big["components"][section] = {}
    letters = "abcdefghijklmnopqrstuvwxyz"
    for index in range(copies):
        prefix = letters[index // 26] + letters[index % 26]
        suffix = prefix.capitalize()
        for path, item in renamed_refs(document["paths"], suffix).items():
            for operation in item.values():
                if isinstance(operation, dict) and "operationId" in operation:
                    operation["operationId"] += "In" + suffix
            big["paths"][f"/v1/{prefix}" + path.removeprefix("/v1")] = item
        for section in REPLICATED:
            for name, value in renamed_refs(document["components"][section], suffix).items():
                big["components"][section][name + suffix] = value
    return big


@pytest.mark.parametrize("copies", [1, 60])
def test_size_does_not_change_scores(tmp_path, copies):
    """A 240-operation API with the same gaps in the same proportion scores what the 4-operation
    one does: no dimension punishes size, none excuses smallness."""
    small = scores(dump(tmp_path, replicated(shop(), 1), "small.yaml"))
    large = scores(dump(tmp_path, replicated(shop(), copies), "large.yaml"))
    assert {d: large[d] for d in PLATFORM} == {d: small[d] for d in PLATFORM}


def test_an_api_with_no_operations_is_not_assessed_anywhere(tmp_path):
    document = {"openapi": "3.0.3", "info": {"title": "Empty", "version": "1.0.0", "description": "Nothing yet.",
                                             "license": {"name": "MIT"}}, "paths": {}}
    report = scan(str(dump(tmp_path, document)))
    assert (report.scorecard.score, report.scorecard.grade) == (None, "n/a")
    assert [(d.name, d.score, d.grade, d.summary, d.rules) for d in report.scorecard.dimensions] == [
        (name, None, "n/a", "no operations to assess", ())
        for name in ("versioning", "auth", "rate_limits", "naming", "documentation", "abstraction")]
    assert sorted({f.rule for f in report.findings}) == ["api-servers-missing", "info-contact", "info-terms-of-service"]


def test_a_dimension_with_a_failure_is_never_shown_as_100(tmp_path):
    properties = {f"field_{i}_name": {"type": "string"} for i in range(300)}
    properties["fieldName"] = {"type": "string"}
    document = {"openapi": "3.0.3", "info": {"title": "Wide", "version": "1.0.0"},
                "paths": {"/rows": {"get": {"responses": {"200": {"description": "The rows.", "content": {
                    "application/json": {"schema": {"type": "object", "properties": properties}}}}}}}}}
    naming = next(d for d in scan(str(dump(tmp_path, document))).scorecard.dimensions if d.name == "naming")
    assert [(r.rule, r.checked, r.failed) for r in naming.rules if r.failed] == [("property-casing", 301, 1)]
    assert (naming.score, naming.summary) == (99, "1 of 301 properties break the API's majority casing")
