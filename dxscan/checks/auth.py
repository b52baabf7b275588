"""Auth: do consumers know how to authenticate, and is it safe?"""

from __future__ import annotations

from collections.abc import Iterator

from . import Context, Hit, check


@check("operation-security-defined")
def operation_security_defined(context: Context) -> Iterator[Hit]:
    """An operation with no security requirement, own or global, that is not explicitly public."""
    spec = context.spec
    for operation in spec.operations:
        if operation.kind != "operation":
            continue
        requirement = spec.security if operation.security is None else operation.security
        if not requirement and operation.security is None:
            yield Hit(operation.pointer, f"{operation.label} declares no security and is not marked public (security: [])")


@check("api-key-in-query")
def api_key_in_query(context: Context) -> Iterator[Hit]:
    for scheme in context.spec.security_schemes.values():
        if scheme.type == "apiKey" and scheme.location == "query":
            name = scheme.raw.get("name", "?")
            yield Hit(scheme.pointer, f"security scheme '{scheme.name}' sends the API key in the query string ('{name}')")
