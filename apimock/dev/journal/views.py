"""The journal's pages: the calls, one call, the stubs in force, the actions.

Every view answers 404 unless a journal is installed (dev mode or
``apimock serve`` started one), DEBUG is on where the journal asks for it,
and the browser is on this machine (a loopback address) or in INTERNAL_IPS:
request bodies are shown, redacted or not. The actions are POSTs behind
Django's CSRF protection, and each page works without JavaScript; the
script only adds live updates and copy buttons.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.middleware.csrf import get_token
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from apimock.conf import conf
from apimock.dev.journal import inventory, recording, rendering
from apimock.dev.journal.entries import ANSWERED, MISSED, PASSED, RAISED, Entry
from apimock.dev.journal.recording import Journal

View = Callable[..., HttpResponse]

STATUSES = (
    ("", "Any status"),
    ("2xx", "2xx success"),
    ("3xx", "3xx redirect"),
    ("4xx", "4xx client error"),
    ("5xx", "5xx server error"),
    (MISSED, "Missed: no stub"),
    (RAISED, "Raised an error"),
    (PASSED, "Passed through"),
)
#: Misses shown with their stub to paste on the journal's first page.
MISSES_SHOWN = 10


def journal_view(view: View) -> View:
    """404 unless the journal may be shown to this request; else the view,
    handed the journal."""

    @functools.wraps(view)
    def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        journal = recording.current()
        if (
            journal is None
            or (journal.requires_debug and not settings.DEBUG)
            or not _local(request)
        ):
            raise Http404("The apimock journal is served in dev mode only.")
        return view(request, journal, *args, **kwargs)

    return gated


def _local(request: HttpRequest) -> bool:
    address = request.META.get("REMOTE_ADDR", "")
    if address in getattr(settings, "INTERNAL_IPS", ()):
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


@journal_view
@require_GET
@ensure_csrf_cookie
def index(request: HttpRequest, journal: Journal) -> HttpResponse:
    return HttpResponse(rendering.render("index.html", _page(request, journal)))


@journal_view
@require_GET
@ensure_csrf_cookie
def poll(request: HttpRequest, journal: Journal) -> HttpResponse:
    """The parts of the first page that change, once the journal has moved on
    from the ``version`` the page shows (204 until then)."""
    if request.GET.get("version") == str(journal.version):
        return HttpResponse(status=204)
    page = _page(request, journal)
    return JsonResponse(
        {
            "version": page["version"],
            "summary": rendering.render("summary.html", page).strip(),
            "calls": rendering.render("calls.html", page),
            "misses": rendering.render("misses.html", page),
            "stubs": rendering.render("stubs.html", page),
        }
    )


@journal_view
@require_GET
@ensure_csrf_cookie
def detail(request: HttpRequest, journal: Journal, number: int) -> HttpResponse:
    entry = journal.entry(number)
    context = {**_common(request, journal), "entry": entry, "number": number}
    if entry is None:  # evicted: the journal keeps the newest calls only
        return HttpResponse(rendering.render("gone.html", context), status=404)
    return HttpResponse(rendering.render("detail.html", context))


@journal_view
@require_GET
def asset(request: HttpRequest, journal: Journal, name: str) -> HttpResponse:
    try:
        content = rendering.asset(name)
    except KeyError:
        raise Http404(name) from None
    response = HttpResponse(content, content_type=rendering.ASSETS[name])
    response["Cache-Control"] = "no-cache"
    return response


@journal_view
@require_POST
@csrf_protect
def clear(request: HttpRequest, journal: Journal) -> HttpResponse:
    journal.clear()
    return _back(request)


@journal_view
@require_POST
@csrf_protect
def reset(request: HttpRequest, journal: Journal) -> HttpResponse:
    inventory.reset(journal)
    return _back(request)


@journal_view
@require_POST
@csrf_protect
def switch(request: HttpRequest, journal: Journal) -> HttpResponse:
    if not inventory.switch(
        journal, request.POST.get("stub", ""), on=request.POST.get("on") == "1"
    ):
        raise Http404("No stub of that name is in force.")
    return _back(request)


# -- helpers ------------------------------------------------------------------


def base_path(request: HttpRequest) -> str:
    """The journal's path as the browser sees it (after any script prefix)."""
    prefix = request.path[: len(request.path) - len(request.path_info)]
    return prefix + (conf.JOURNAL_PATH or "/")


def _common(request: HttpRequest, journal: Journal) -> dict[str, Any]:
    return {
        "base": base_path(request),
        "csrf_token": get_token(request),
        "journal": journal,
        "here": request.get_full_path(),
    }


def _page(request: HttpRequest, journal: Journal) -> dict[str, Any]:
    host = request.GET.get("host", "")
    status = request.GET.get("status", "")
    everything = journal.entries()
    shown = [e for e in everything if _wanted(e, host, status)]
    filters = {k: v for k, v in (("host", host), ("status", status)) if v}
    common = _common(request, journal)
    # Actions come back to the (filtered) first page, never to poll/.
    query = urlencode(filters)
    common["here"] = f"{common['base']}?{query}" if query else common["base"]
    return {
        **common,
        "entries": shown,
        "kept": len(everything),
        "misses": [e for e in shown if e.outcome == MISSED][:MISSES_SHOWN],
        "hosts": sorted({e.host for e in everything} | ({host} if host else set())),
        "statuses": STATUSES,
        "host": host,
        "status": status,
        "query": query,
        "groups": inventory.groups(journal),
        "scenarios": inventory.scenarios(journal),
        "version": journal.version,
        "answered": ANSWERED,
    }


def _wanted(entry: Entry, host: str, status: str) -> bool:
    if host and entry.host != host:
        return False
    if not status:
        return True
    return entry.status_class == status or str(entry.status) == status


def _back(request: HttpRequest) -> HttpResponse:
    """303 to the page the action was sent from, if it is a journal page."""
    base = base_path(request)
    wanted = request.POST.get("next", "")
    target = wanted if wanted.startswith(base) and "//" not in wanted else base
    response = HttpResponseRedirect(target)
    response.status_code = 303
    return response
