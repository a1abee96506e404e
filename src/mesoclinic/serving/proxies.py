"""Which reverse proxies are believed about the client: `TRUSTED_PROXIES`, one list of
addresses and networks that the server (for the scheme, X-Forwarded-Proto) and the app
(for the client address, X-Forwarded-For) both read. From any other peer both headers are
ignored: anyone can send them, and a forged address would dodge the log-in lockout and
forge the audit trail."""

import ipaddress
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # settings import this module: nothing of Django's is loaded at runtime
    from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_trusted_proxies(text: str) -> tuple[Network, ...]:
    """`"10.0.0.5, 192.168.1.0/24"` as networks; a bad item is refused by name."""
    networks = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item))
        except ValueError:
            raise ValueError(
                f"TRUSTED_PROXIES holds {item!r}, which is neither an address nor a network "
                "(give e.g. 10.0.0.5 or 10.0.0.0/24, comma-separated)."
            ) from None
    return tuple(networks)


def is_trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The client's address: the peer itself, unless the peer is a trusted proxy; then the
    right-most X-Forwarded-For entry that is not itself a trusted proxy. Entries further left
    were written by the client or by proxies we do not know, so they prove nothing."""
    if not is_trusted(peer, networks):
        return peer
    for entry in reversed([part.strip() for part in forwarded_for.split(",")]):
        if not entry:
            continue
        if not _is_address(entry):
            # A proxy we trust wrote garbage: the peer is the best we know.
            return peer
        if not is_trusted(entry, networks):
            return entry
    return peer


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def request_client_address(request: "HttpRequest") -> str | None:
    """For django-axes (`AXES_CLIENT_IP_CALLABLE`): REMOTE_ADDR, which the client address
    middleware has already set from a trusted proxy's X-Forwarded-For. Named explicitly so
    that axes never falls back to guessing from forwarded headers itself."""
    return request.META.get("REMOTE_ADDR") or None
