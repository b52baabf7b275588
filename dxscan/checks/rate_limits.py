"""Rate limits: can a client tell it is being throttled, and when to retry?"""

from __future__ import annotations

from collections.abc import Iterator

from .. import pointer as jp
from . import Context, Hit, check


@check("rate-limit-response")
def rate_limit_response(context: Context) -> Iterator[Hit]:
    for operation in context.spec.operations:
        if operation.kind == "operation" and not any(r.status in ("429", "4XX") for r in operation.responses):
            yield Hit(jp.child(operation.pointer, "responses"), f"{operation.label} documents no 429 Too Many Requests response")
