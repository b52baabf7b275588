"""The one host classifier: is a server public, a placeholder, or an address only its owner reaches?

Used where servers first matter (the graph's server nodes) and by the checks after it
(server-internal, credentials-over-http), so that every stage agrees on what "internal" means.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

INTERNAL_SUFFIXES = (".local", ".internal", ".corp", ".lan", ".svc", ".cluster.local", ".localdomain", ".intranet",
                     ".home", ".home.arpa")
# Names reserved for documentation and tests (RFC 2606, RFC 6761): a host nobody runs.
RESERVED_NAMES = ("example.com", "example.net", "example.org", "example")
RESERVED_SUFFIXES = (".example.com", ".example.net", ".example.org", ".example", ".test", ".invalid")
# A word standing for the reader's own host: `HOSTNAME`, `your-server`, `<host>`, `server_address`.
_PLACEHOLDER = re.compile(r"^(your|my)[-_.]?\w*|^\w*(hostname|host|server|domain|address|instance|ip)$|^<.*>$|^x+$",
                          re.IGNORECASE)
_HOST_NAME = re.compile(r"^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?$")
NOT_PUBLIC = ("loopback", "private", "internal")


def host_kind(host: str) -> str:
    """What a bare host name or address is, from its name alone: `loopback`, `private` (RFC 1918,
    link-local), `internal` (`*.internal`, `*.svc.cluster.local`, a bare lower-case machine name),
    `placeholder` (`HOSTNAME`, `example.com`, `{host}`: the reader's own server), `invalid` (not a
    host name at all), or `public`."""
    if "{" in host:
        return "templated"
    bare = host.strip("[]")
    try:
        address = ipaddress.ip_address(bare)
    except ValueError:
        return _named_kind(host)
    if address.is_loopback or address.is_unspecified:
        return "loopback"
    return "private" if address.is_private or address.is_link_local else "public"


def _named_kind(host: str) -> str:
    lowered = host.lower()
    if lowered in ("localhost", "localhost.localdomain") or lowered.endswith(".localhost"):
        return "loopback"
    if lowered in RESERVED_NAMES or lowered.endswith(RESERVED_SUFFIXES) or _placeholder(host):
        return "placeholder"
    if not _HOST_NAME.match(lowered):
        return "invalid"
    if lowered.endswith(INTERNAL_SUFFIXES) or "." not in lowered:
        return "internal"
    return "public"


def _placeholder(host: str) -> bool:
    first = host.split(".")[0]
    return (host.isupper() and "." not in host) or bool(_PLACEHOLDER.match(first) and (first == host or first.isupper()
                                                                                         or "your" in first.lower()))


def host_class(url: str, ports: bool = True) -> str:
    """`public`, `relative`, `templated`, `placeholder`, `invalid`, or why a server is not public:
    `loopback`, `private`, `internal` (`host_kind`, or, with `ports`, plain http on an unusual
    port: a hint for the graph, not evidence that a named public host is internal)."""
    if "://" not in url and (url.startswith("/") and not url.startswith("//") or not url.strip()):
        return "relative"  # `/api/v3`: the host the document is served from
    parts = urlsplit(url if "://" in url or url.startswith("//") else "//" + url)
    try:
        host = parts.hostname or ""
    except ValueError:
        return "invalid"
    host = _original_case(url, host)
    if not host:
        return "relative"
    kind = host_kind(host)
    return "internal" if ports and kind == "public" and _unusual_http_port(parts) else kind


def public_address(url: str) -> bool:
    """Whether a server URL names a host anyone can reach: a public host; a template under a
    public domain (`https://{tenant}.acme.io`: each tenant's host is public); or a documentation
    name standing in for one (`api.shop.example.com`). Not `{host}`, `HOSTNAME` nor a bare
    `example.com`: the reader's own host."""
    kind = host_class(url, ports=False)
    if kind not in ("templated", "placeholder"):
        return kind == "public"
    try:
        host = urlsplit(url if "://" in url or url.startswith("//") else "//" + url).hostname or ""
    except ValueError:
        return False
    if kind == "placeholder":
        return host.endswith(RESERVED_SUFFIXES[:3]) and host.count(".") >= 2
    domain = host.rsplit("}", 1)[-1].strip(".")
    return "." in domain and host_kind(domain) == "public"


def _original_case(url: str, host: str) -> str:
    """urlsplit lower-cases the host; `HOSTNAME` in upper case is what marks a placeholder."""
    found = re.search(re.escape(host), url, re.IGNORECASE)
    return found.group(0) if found else host


def _unusual_http_port(parts: Any) -> bool:
    try:
        port = parts.port
    except ValueError:
        port = None
    return parts.scheme == "http" and port not in (None, 80, 443)
