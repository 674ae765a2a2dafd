"""The journal in ``manage.py apimock serve``: the same pages at the same path.

The stub server is no Django server, so a request below
``APIMOCK["JOURNAL_PATH"]`` is made a Django request here and handed to the
journal's own views (their CSRF protection and 404 rules included); any
other request is the server's to answer.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIRequest
from django.http import Http404, HttpResponse
from django.urls import Resolver404, resolve

from apimock.conf import conf
from apimock.dev.journal.recording import Journal, install, new_journal
from apimock.mock import APIMock
from apimock.request import APIResponse

logger = logging.getLogger("apimock")


def start(mock: APIMock) -> Journal | None:
    """Journal ``mock``'s calls from now on (unless JOURNAL_PATH is None).

    The stub server answers with stubs whatever DEBUG says, and so does its
    journal.
    """
    journal = new_journal(requires_debug=False)
    if journal is not None:
        mock.calls.observer = journal
        install(journal, mock)
    return journal


def answer(
    method: str,
    target: str,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    client: tuple[Any, ...],
    server: tuple[Any, ...],
) -> APIResponse | None:
    """The journal's answer to a request for ``target``, or None when the
    target is not below the journal's path."""
    base = conf.JOURNAL_PATH
    parts = urlsplit(target)
    if base is None or parts.scheme:
        return None
    if parts.path == base.rstrip("/"):
        return APIResponse(status=301, headers={"Location": base})
    if not parts.path.startswith(base):
        return None
    environ = _environ(method, parts.path, parts.query, headers, body, client, server)
    request = WSGIRequest(environ)
    try:
        match = resolve(parts.path[len(base) - 1 :], "apimock.dev.journal.urls")
        response: HttpResponse = match.func(request, *match.args, **match.kwargs)
    except (Resolver404, Http404):
        response = HttpResponse("Not found.", status=404, content_type="text/plain")
    except SuspiciousOperation as error:  # a Host that ALLOWED_HOSTS refuses
        response = HttpResponse(str(error), status=400, content_type="text/plain")
    return _converted(response)


def _environ(
    method: str,
    path: str,
    query: str,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    client: tuple[Any, ...],
    server: tuple[Any, ...],
) -> dict[str, object]:
    environ: dict[str, object] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "REMOTE_ADDR": str(client[0]),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
    }
    for name, value in headers:
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ[key] = value
        elif key != "CONTENT_LENGTH":
            environ[f"HTTP_{key}"] = value
    return environ


def _converted(response: HttpResponse) -> APIResponse:
    headers = dict(response.items())
    cookies = [morsel.OutputString() for morsel in response.cookies.values()]
    if cookies:  # the journal sets one, the CSRF token's
        headers["Set-Cookie"] = cookies[0]
    return APIResponse(
        status=response.status_code, headers=headers, body=response.content
    )
