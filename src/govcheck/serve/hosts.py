"""Which Host and Origin headers a request may carry, against DNS rebinding.

A web page elsewhere can make the browser send requests to 127.0.0.1 under
a name it controls (DNS rebinding); such a request carries that name in its
Host header. Only the bound address, the loopback names and, when the
server listens on every interface, a literal IP address (which no DNS
answer can stand for) are accepted, each with the bound port. An Origin,
when sent, must be one of the same.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_ANY = ("0.0.0.0", "::", "")  # noqa: S104 - names of the wildcard, compared, not bound


@dataclass(frozen=True, slots=True)
class Bound:
    """The address and port the server listens on."""

    host: str
    port: int

    def allows_host(self, header: str | None) -> bool:
        """Whether a Host header names this server."""
        if not header:
            return False
        try:
            parsed = urlsplit("//" + header)
            name, port = parsed.hostname, parsed.port
        except ValueError:
            return False
        if name is None or port != self.port or parsed.username or parsed.password:
            return False
        if name in _LOOPBACK or name == self.host.lower().strip("[]"):
            return True
        return self.host in _ANY and _is_ip(name)

    def allows_origin(self, header: str | None) -> bool:
        """Whether an Origin header (absent is allowed) is this server's own page."""
        if header is None:
            return True
        scheme, _, rest = header.partition("://")
        return scheme == "http" and "/" not in rest and self.allows_host(rest)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def url(host: str, port: int) -> str:
    """The page's address for the browser (loopback when bound to every interface)."""
    shown = "127.0.0.1" if host in _ANY else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
