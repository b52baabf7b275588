"""Documentation: can a developer learn the API from the document alone?"""

from __future__ import annotations

from collections.abc import Iterator

from .. import pointer as jp
from . import Context, Hit, check


@check("operation-description")
def operation_description(context: Context) -> Iterator[Hit]:
    for operation in context.spec.operations:
        if not (operation.description or "").strip():
            yield Hit(operation.pointer, f"{operation.label} has no description")


@check("operation-operationId")
def operation_operation_id(context: Context) -> Iterator[Hit]:
    for operation in context.spec.operations:
        if not (operation.operation_id or "").strip():
            yield Hit(operation.pointer, f"{operation.label} has no operationId")


@check("operation-tags")
def operation_tags(context: Context) -> Iterator[Hit]:
    for operation in context.spec.operations:
        if not operation.tags:
            yield Hit(operation.pointer, f"{operation.label} has no tags")


@check("operation-success-response")
def operation_success_response(context: Context) -> Iterator[Hit]:
    for operation in context.spec.operations:
        if operation.kind == "operation" and not any(r.is_success for r in operation.responses):
            yield Hit(jp.child(operation.pointer, "responses"), f"{operation.label} documents no 2xx or 3xx response")


@check("info-description")
def info_description(context: Context) -> Iterator[Hit]:
    if not str(context.spec.info.get("description") or "").strip():
        yield Hit("/info", "info has no description of the API")


@check("info-contact")
def info_contact(context: Context) -> Iterator[Hit]:
    if not isinstance(context.spec.info.get("contact"), dict):
        yield Hit("/info", "info has no contact")


@check("info-license")
def info_license(context: Context) -> Iterator[Hit]:
    if not isinstance(context.spec.info.get("license"), dict):
        yield Hit("/info", "info has no license")
