"""``manage.py apimock serve``: the settings stubs as a real HTTP server.

For front-end and non-Python clients. One APIMock answers for the server's
lifetime, so sequences and scenarios carry on from request to request and
templates see each request. Nothing is passed through: a request no stub
answers gets 404 with the near-miss report, which is also logged. Under
``APIMOCK["CONTRACTS"]``, a request its contract does not describe gets 400,
and a stub answer that breaks it 500, each with the report.

Which URL a request stands for, in this order: an absolute request target
(the server used as an HTTP proxy), a path that starts with the URL
(``/https://api.example.com/v1/items``), or ``--origin`` plus the path.

The HTTP side (limits, timeouts, bodies, routes) is :mod:`apimock.dev.http`;
this module is the route that answers with stubs.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from apimock.dev.http import Incoming, Limits, Log, Reply, Server
from apimock.dev.journal import serving as journal
from apimock.exceptions import ContractViolation, UnmatchedRequest
from apimock.fakes import registry as fake_registry
from apimock.mock import APIMock
from apimock.request import APIRequest, APIResponse
from apimock.stubs import faults
from apimock.transports import wire

#: GET lists the fakes in force and what they hold; POST to .../reset empties
#: their stores.
FAKES_PATH = "/__apimock__/fakes"


class StubServer(Server):
    def __init__(
        self,
        address: tuple[str, int],
        origin: str | None,
        out: Log,
        err: Log,
        limits: Limits | None = None,
    ) -> None:
        self.mock = APIMock(allowed_hosts=())
        journal.start(self.mock)
        self.origin = origin.rstrip("/") if origin else None
        self.out = out
        self.log_lock = threading.Lock()
        super().__init__(address, self.answer, limits=limits, err=err)
        self.add_route(FAKES_PATH, self._fakes)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = host.decode() if isinstance(host, bytes) else host
        return f"http://{shown}:{port}/"

    def answer(self, incoming: Incoming) -> Reply:
        """The stubs' answer to one request (the catch-all route), or the
        journal's page below ``APIMOCK["JOURNAL_PATH"]``."""
        page = journal.answer(
            incoming.method,
            incoming.target,
            incoming.headers.items(),
            incoming.body,
            incoming.client,
            incoming.server,
        )
        if page is not None:
            return _reply(page, {})
        url = self._target(incoming.target)
        if url is None:
            return _json(400, {"detail": _WHICH_URL})
        request = APIRequest(
            method=incoming.method,
            url=url,
            headers=dict(incoming.headers.items()),
            body=incoming.body,
            client="apimock serve",
        )
        match = None
        try:
            match = self.mock.resolve(request, record=False)
            if match is None:  # no host is allowed, so this does not happen
                raise UnmatchedRequest(f"{request} would pass through")
            response = self.mock.respond(request, match, sleep=False)
        except ContractViolation as violation:
            # The client's request is at fault (400), or the stub's answer (500).
            status = 400 if match is None else 500
            self._log(f"{request} -> {status} breaks the contract", str(violation))
            return _json(
                status, {"detail": "Breaks the contract.", "report": str(violation)}
            )
        except UnmatchedRequest as miss:
            self._log(f"{request} -> 404 no stub", str(miss))
            return _json(404, {"detail": "No stub matched.", "report": str(miss)})
        except Exception as error:  # the stub's error: the client sees it drop
            self._log(f"{request} -> connection dropped ({error})")
            return Reply(drop=True)
        self._log(f"{request} -> {response.status} [{match.stub.label}]")
        return _reply(response, match.answer)

    def _fakes(self, incoming: Incoming) -> Reply:
        """The fakes' own endpoint: list them (GET), or empty their stores (POST)."""
        path = incoming.path
        if path not in (FAKES_PATH, FAKES_PATH + "/reset"):
            return self.answer(incoming)  # only starts like it: a stubbed path
        reset = path.endswith("/reset")
        if (incoming.method, reset) == ("POST", True):
            self.mock.fakes.reset()
            self._log(f"POST {incoming.target} -> 200 (every fake's store emptied)")
        elif (incoming.method, reset) != ("GET", False):
            return _json(
                405,
                {"detail": f"GET {FAKES_PATH} lists, POST {FAKES_PATH}/reset empties"},
            )
        listed = [
            {
                "base_url": fake.base_url,
                "contract": str(fake.contract),
                "objects": {
                    name: len(self.mock.fake(fake.base_url).objects(name))
                    for name in self.mock.fake(fake.base_url).resources()
                },
            }
            for fake in fake_registry.in_force()
        ]
        return _json(200, {"fakes": listed})

    def _target(self, target: str) -> str | None:
        if target.startswith(("http://", "https://")):
            return target
        if target.startswith(("/http://", "/https://")):
            return target[1:]
        if self.origin:
            return self.origin + target
        return None

    def _log(self, line: str, report: str | None = None) -> None:
        with self.log_lock:
            self.out(line)
            if report:
                self.err(report)
            # A server runs for hours: its log is the output, not memory.
            self.mock.calls.reset()
            self.mock.misses.clear()
            self.mock.violations.clear()
            self.mock.stub_errors.clear()


def _reply(response: APIResponse, answer: Any) -> Reply:
    streamed = response.stream is not None
    return Reply(
        status=response.status,
        headers=list(response.headers.items()),
        body=response.body,
        delay=float(answer.get("delay", 0)),  # a real client's own timeout decides
        cut=not streamed
        and response.fault in (faults.CONNECTION_RESET, faults.TRUNCATED_BODY),
        stream=wire.chunks(response) if streamed else None,
    )


def _json(status: int, payload: Any) -> Reply:
    return Reply(
        status, [("Content-Type", "application/json")], json.dumps(payload).encode()
    )


_WHICH_URL = (
    "Which API is this request for? Send the full URL as the path "
    "(/https://api.example.com/v1/items), use this server as an HTTP proxy, "
    "or start it with --origin https://api.example.com."
)
