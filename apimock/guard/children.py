"""Child processes started during a test are guarded too.

While apimock is active, every ``subprocess`` child gets in its environment:

* ``PYTHONPATH`` with apimock's start-up hook first, and the allowed hosts
  and a file for misses, so a Python child installs the socket guard and
  reports what it blocked;
* ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY`` pointing at a proxy on
  127.0.0.1 that refuses every request and reports it, with ``NO_PROXY`` for
  the allowed hosts, so curl and most other tools are stopped as well.

At the end of each test the reported misses fail it like any other.
"""

from __future__ import annotations

import atexit
import json
import os
import socket
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from apimock.exceptions import UnmatchedRequest

ENV_GUARD = "APIMOCK_CHILD_GUARD"
ENV_ALLOWED = "APIMOCK_CHILD_ALLOWED_HOSTS"
ENV_MISSES = "APIMOCK_CHILD_MISSES"
_HOOK_DIR = str(Path(__file__).resolve().parent / "child")
_PROXY_VARS = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
)


class _RefusingProxy:
    """Accepts a proxy request, reports it as a miss, answers 403."""

    def __init__(self, report: _MissFile) -> None:
        self._report = report
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._server.accept()
            except OSError:  # the 0.2 s timeout: check whether to stop
                continue
            with connection:
                connection.settimeout(2)
                try:
                    first_line = connection.recv(4096).split(b"\r\n", 1)[0]
                    target = first_line.decode("latin-1").strip() or "a request"
                    self._report.add(
                        f"A child process sent {target!r} through the proxy "
                        "apimock set in its environment; it was refused."
                    )
                    connection.sendall(
                        b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n"
                        b"Connection: close\r\n\r\n"
                    )
                except OSError:
                    continue

    def stop(self) -> None:
        self._stopping.set()
        self._server.close()  # wakes accept() at once
        self._thread.join(timeout=5)


class _MissFile:
    """Misses reported by children (and the proxy): one JSON string a line."""

    def __init__(self, path: str | None = None) -> None:
        self._lock = threading.Lock()
        if path is None:
            handle, path = tempfile.mkstemp(prefix="apimock-child-misses-")
            os.close(handle)
            # Ours to remove, at the latest when the process exits: one whose
            # mock is still active then (a dev server, a test that never
            # stopped its mock) would leave it in TMPDIR.
            atexit.register(self.remove)
        self.path = path

    def add(self, message: str) -> None:
        with self._lock, open(self.path, "a", encoding="utf-8") as file:
            file.write(json.dumps(message) + "\n")

    def take(self) -> list[str]:
        with self._lock:
            try:
                with open(self.path, "r+", encoding="utf-8") as file:
                    lines = file.read().splitlines()
                    file.seek(0)
                    file.truncate()
            except FileNotFoundError:
                return []
        return [json.loads(line) for line in lines if line.strip()]

    def remove(self) -> None:
        atexit.unregister(self.remove)
        Path(self.path).unlink(missing_ok=True)


class ParentSide:
    """Gives every child process started while apimock is active the guard's
    environment, without changing this process's own environment (whose HTTP
    clients apimock answers directly)."""

    def __init__(self, allowed_hosts: Callable[[], Iterable[str]]) -> None:
        self._allowed_hosts = allowed_hosts
        # Made when the first child starts: most tests start none.
        self._misses: _MissFile | None = None
        self._proxy: _RefusingProxy | None = None
        self._lock = threading.Lock()
        self._real_init = subprocess.Popen.__init__
        side = self

        def guarded_init(popen: Any, args: Any, *rest: Any, **kwargs: Any) -> None:
            if len(rest) > 9:  # env given positionally: leave such a call alone
                side._real_init(popen, args, *rest, **kwargs)
                return
            kwargs["env"] = side.environment(kwargs.get("env"))
            side._real_init(popen, args, *rest, **kwargs)

        setattr(subprocess.Popen, "__init__", guarded_init)  # noqa: B010 - typed overloads

    def environment(self, env: Mapping[str, str] | None) -> dict[str, str]:
        """``env`` (or this process's environment) plus the guard's variables."""
        misses, proxy = self._started()
        result = dict(os.environ if env is None else env)
        allowed = list(self._allowed_hosts())
        python_path = result.get("PYTHONPATH")
        result.update(
            {
                ENV_GUARD: "1",
                ENV_ALLOWED: json.dumps(allowed),
                ENV_MISSES: misses.path,
                "PYTHONPATH": os.pathsep.join(filter(None, [_HOOK_DIR, python_path])),
                "NO_PROXY": ",".join(allowed),
                "no_proxy": ",".join(allowed),
                **dict.fromkeys(_PROXY_VARS, proxy.url),
            }
        )
        return result

    def _started(self) -> tuple[_MissFile, _RefusingProxy]:
        with self._lock:
            if self._misses is None or self._proxy is None:
                self._misses = _MissFile()
                self._proxy = _RefusingProxy(self._misses)
            return self._misses, self._proxy

    def take_misses(self) -> list[UnmatchedRequest]:
        if self._misses is None:
            return []
        return [UnmatchedRequest(message) for message in self._misses.take()]

    def close(self) -> None:
        setattr(subprocess.Popen, "__init__", self._real_init)  # noqa: B010
        if self._proxy is not None:
            self._proxy.stop()
        if self._misses is not None:
            self._misses.remove()


class ChildPolicy:
    """The socket guard's policy in a child: env allow-list, misses to a file."""

    def __init__(self) -> None:
        from apimock.guard.hosts import AllowedHosts

        self.allowed = AllowedHosts(json.loads(os.environ.get(ENV_ALLOWED, "[]")))
        self._misses = _MissFile(os.environ.get(ENV_MISSES))

    def allows_address(self, ip: str, port: int | None) -> bool:
        return self.allowed.allows_address(ip, port)

    def allows_name(self, host: str, port: int | None) -> bool:
        return self.allowed.allows(host, port)

    def blocked(self, host: str, port: int | None, mechanism: str) -> BaseException:
        message = (
            f"In a child process (pid {os.getpid()}): {mechanism} {host}:{port} was "
            f'blocked: the host is not in APIMOCK["ALLOWED_HOSTS"] ({self.allowed}).'
        )
        self._misses.add(message)
        return UnmatchedRequest(message)


def install_in_child() -> None:
    from apimock.guard import sockets as guard

    guard.install(ChildPolicy())
