"""Which hosts a URL input may reach: public addresses only, unless the user allows private ones.

A draft checked in CI may name any URL; fetching http://127.0.0.1:8080/admin or a cloud metadata
address (169.254.169.254) from the runner would reach services the draft's author should not. The
host is resolved and every address it has is checked, before the first request and before each
redirect is followed. (A name that resolves differently a moment later, DNS rebinding, is not
covered: --allow-private-urls off is a guard for CI, not a sandbox.)"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from factcheck.errors import InputError

ALLOW_FLAG = "--allow-private-urls"


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone (fe80::1%eth0) is not an address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return ip.is_global and not ip.is_multicast


def host_addresses(host: str, port: int) -> list[str]:
    """The host's addresses: itself when it is one, else what the resolver says (none when it
    cannot resolve it: the request then fails with its own message)."""
    try:
        return [str(ipaddress.ip_address(host.split("%", 1)[0]))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in infos})


def refuse_private(url: str, shown: str, redirected: bool = False) -> None:
    """InputError when `url`'s host is, or resolves to, an address that is not public; `shown` is
    the input as the user named it (`url` is where its redirects led)."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        return  # an invalid port: the request reports it
    for address in host_addresses(host, port):
        if not is_public(address):
            where = " (redirected there)" if redirected else ""
            raise InputError(
                f"{shown}: {host} is a local or private address ({address}){where}; "
                f"not fetched without {ALLOW_FLAG}"
            )
