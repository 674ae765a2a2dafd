"""ALLOWED_HOSTS: which hosts may be reached for real.

An entry is a host name (``localhost``), an IP address (``127.0.0.1``,
``::1``), a CIDR range (``10.0.0.0/8``) or any of these with a port
(``localhost:8000``, ``[::1]:8000``). Names are compared as written at the
HTTP level; at the socket level an allowed name also allows the addresses it
resolves to.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from apimock.text import shown

_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$"
)
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class HostRule:
    name: str | None = None
    network: Network | None = None
    port: int | None = None

    def matches(self, host: str, port: int | None) -> bool:
        # A look-up by name has no port yet; connect() checks it later.
        if self.port is not None and port is not None and port != self.port:
            return False
        if self.name is not None:
            return host == self.name
        address = _ip(host)
        return (
            address is not None and self.network is not None and address in self.network
        )


def parse_entry(entry: str) -> HostRule:
    """One ALLOWED_HOSTS entry as a rule; ValueError saying why it is not one."""
    if not isinstance(entry, str) or not entry.strip():
        raise ValueError("an entry must be a non-empty string")
    text = entry.strip().lower()
    host, port = _split_port(text)
    try:
        return HostRule(network=ipaddress.ip_network(host, strict=False), port=port)
    except ValueError:
        pass
    if _HOSTNAME.match(host):
        return HostRule(name=host.rstrip("."), port=port)
    raise ValueError("not a host name, IP address, CIDR range or host:port")


def wide_open(entries: Iterable[Any]) -> list[str]:
    """The entries that allow a whole swathe of the internet: an IPv4 range of
    /8 or wider, an IPv6 range of /32 or wider (or an IPv4-mapped one as wide
    as /8), loopback aside. ``"*"`` is no entry at all (apimock.E014)."""
    wide = []
    for entry in entries:
        try:
            network = parse_entry(entry).network
        except ValueError:
            continue
        if network is not None and _wide(network):
            wide.append(entry)
    return wide


def _wide(network: Network) -> bool:
    if network.version == 6:
        mapped = network.network_address.ipv4_mapped
        if mapped is not None and network.prefixlen >= 96:
            network = ipaddress.ip_network(f"{mapped}/{network.prefixlen - 96}")
    if network.is_loopback:
        return False
    return network.prefixlen <= (8 if network.version == 4 else 32)


def _parse_setting_entry(entry: str) -> HostRule:
    try:
        return parse_entry(entry)
    except ValueError as error:
        raise ImproperlyConfigured(
            f'APIMOCK["ALLOWED_HOSTS"] entry {shown(entry)}: {error}.'
        ) from None


def _split_port(text: str) -> tuple[str, int | None]:
    if text.startswith("["):  # [::1] or [::1]:8000
        host, _, rest = text[1:].partition("]")
        return host, _port(rest[1:]) if rest.startswith(":") else None
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, _port(port)
    return text, None  # a bare name, IPv4, or IPv6 without brackets


def _port(text: str) -> int:
    port = int(text)
    if not 0 < port < 65536:
        raise ValueError(f"port {port} is out of range")
    return port


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None


@functools.lru_cache(maxsize=64)
def allowed_hosts(entries: tuple[str, ...]) -> AllowedHosts:
    """The parsed list for these entries, made once: names resolve only once."""
    return AllowedHosts(entries)


class AllowedHosts:
    """A parsed ALLOWED_HOSTS list, plus the addresses its names resolved to."""

    def __init__(
        self,
        entries: Iterable[str],
        resolve: Callable[..., Any] = socket.getaddrinfo,
    ) -> None:
        self.entries = tuple(entries)
        self.rules = tuple(_parse_setting_entry(entry) for entry in self.entries)
        self._resolve = resolve
        self._addresses: set[tuple[str, int | None]] | None = None
        self._lock = threading.Lock()

    def __str__(self) -> str:
        return ", ".join(sorted(self.entries)) or "none"

    def allows(self, host: str, port: int | None = None) -> bool:
        """May a request to ``host`` (a name or an IP) on ``port`` go out?"""
        host = host.lower().strip("[]")
        return any(rule.matches(host, port) for rule in self.rules)

    def allows_address(self, ip: str, port: int | None) -> bool:
        """The socket-level check: an IP allowed itself or through an allowed name."""
        ip = ip.split("%")[0]
        if self.allows(ip, port):
            return True
        return any(
            address == ip and (rule_port is None or rule_port == port)
            for address, rule_port in self._resolved()
        )

    def _resolved(self) -> set[tuple[str, int | None]]:
        if self._addresses is None:
            with self._lock:
                addresses = set()
                for rule in self.rules:
                    if rule.name is None:
                        continue
                    try:
                        infos = self._resolve(rule.name, None)
                    except OSError:
                        continue  # e.g. "testserver": never reached by a socket
                    addresses |= {(info[4][0], rule.port) for info in infos}
                self._addresses = addresses
        return self._addresses
