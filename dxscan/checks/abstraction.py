"""Abstraction: does the API show its consumers a product, or the machinery behind it?"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from . import Context, Hit, check

_INTERNAL_HOST = re.compile(r"(^localhost$|\.local$|\.internal$|\.svc\.cluster\.local$|\.corp$|\.lan$)", re.IGNORECASE)


def is_internal_host(host: str) -> bool:
    if _INTERNAL_HOST.search(host):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local


@check("server-internal")
def server_internal(context: Context) -> Iterator[Hit]:
    for server in context.spec.servers:
        host = urlsplit(server.url if "://" in server.url else "//" + server.url).hostname or ""
        if host and "{" not in host and is_internal_host(host):
            yield Hit(server.pointer, f"server '{server.url}' points at an internal host ('{host}')")
