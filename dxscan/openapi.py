"""Facts about the OpenAPI format itself that several stages need (the loader's validator, the
model, the checks, the debt ranking): written once here, below every stage."""

from __future__ import annotations

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
QUERY = "query"  # OpenAPI 3.2's safe method with a body: an operation there, an unknown key before
ALL_METHODS = (*HTTP_METHODS, QUERY)  # every key that holds an operation in some version
MAX_REF_HOPS = 64  # `$ref` chains followed before giving up (a loop of references, or a hostile one)


def operation_methods(version: str | None) -> tuple[str, ...]:
    """The path-item keys that hold operations in this OpenAPI version ("2.0", "3.0", "3.1", "3.2")."""
    return ALL_METHODS if version == "3.2" else HTTP_METHODS
