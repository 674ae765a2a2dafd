"""Which hosts a mock lets through for real, and its answers to the socket
guard's questions (see :mod:`apimock.guard.sockets`)."""

from __future__ import annotations

from typing import Any

from apimock import callsite
from apimock.conf import conf
from apimock.diagnostics import blocked_message
from apimock.exceptions import UnmatchedRequest
from apimock.guard import hosts
from apimock.mock.kept import KeptErrors

# pytest leaves this module's frames out of a failure's traceback (see
# apimock.mock).
__tracebackhide__ = True


class HostRules(KeptErrors):
    """ALLOWED_HOSTS as a mock sees it: its own list, else its parent's, else
    the setting; plus what :meth:`allow` added. A refused connection is kept
    as a miss."""

    parent: Any
    _allowed_hosts: hosts.AllowedHosts | None
    _also_allowed: tuple[str, ...]

    @property
    def allowed_hosts(self) -> hosts.AllowedHosts:
        if self._allowed_hosts is not None:
            found = self._allowed_hosts
        else:
            found = self.parent.allowed_hosts if self.parent else conf.ALLOWED_HOSTS
        if not self._also_allowed:
            return found
        return hosts.allowed_hosts((*found.entries, *self._also_allowed))

    def allow(self, *entries: str) -> None:
        """Let ``entries`` (ALLOWED_HOSTS entries) through for this mock and
        the mocks nested in it, whatever the setting says: a live server's
        own address, which a test must reach and a cassette must never
        record."""
        for entry in entries:
            hosts.parse_entry(entry)  # ValueError for a malformed one, now
        self._also_allowed = (*self._also_allowed, *entries)

    def allows_address(self, ip: str, port: int | None) -> bool:
        return self.allowed_hosts.allows_address(ip, port)

    def allows_name(self, host: str, port: int | None) -> bool:
        return self.allowed_hosts.allows(host, port)

    def blocked(self, host: str, port: int | None, mechanism: str) -> UnmatchedRequest:
        """Record a connection the guard refused; return the error to raise."""
        site = callsite.find(keep=callsite.KEPT_FRAMES)
        miss = UnmatchedRequest(
            blocked_message(host, port, mechanism, self.allowed_hosts, site)
        )
        self._record_miss(miss)
        return miss
