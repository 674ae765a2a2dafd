"""A django-debug-toolbar panel, "API calls": the outbound calls made while
handling this request, with the journal's detail of each.

Add ``"apimock.dev.journal.panel.APICallsPanel"`` to
``DEBUG_TOOLBAR_PANELS``. This is the one module that imports
django-debug-toolbar, and only the toolbar imports it. It sees calls in dev
mode only: outside it no mock answers the server's calls.
"""

from __future__ import annotations

from typing import Any

from debug_toolbar.panels import Panel
from django.http import HttpRequest, HttpResponse

from apimock.dev.journal import recording, rendering
from apimock.dev.journal.entries import MISSED, Entry


class APICallsPanel(Panel):
    title = "API calls"
    # A view that starts a thread makes calls this panel does not see: it
    # collects the calls of the request's own thread or task.

    def process_request(self, request: HttpRequest) -> HttpResponse:
        with recording.collecting() as calls:
            response: HttpResponse = super().process_request(request)
        self._calls = calls
        return response

    def generate_stats(self, request: HttpRequest, response: HttpResponse) -> None:
        journal = recording.current()
        self.record_stats(
            {
                # Plain data: the toolbar may keep its stats as JSON.
                "calls": [entry.to_dict() for entry in getattr(self, "_calls", [])],
                "journal": journal is not None,
            }
        )

    @property
    def nav_subtitle(self) -> str:
        calls = self._entries()
        missed = sum(1 for entry in calls if entry.outcome == MISSED)
        text = f"{len(calls)} call{'' if len(calls) == 1 else 's'}"
        return f"{text}, {missed} missed" if missed else text

    @property
    def content(self) -> str:
        from apimock.conf import conf

        context: dict[str, Any] = {
            "entries": self._entries(),
            "dev_mode": self.get_stats().get("journal", False),
            "base": conf.JOURNAL_PATH or "",
        }
        return rendering.render("panel.html", context)

    def _entries(self) -> list[Entry]:
        return [Entry.from_dict(data) for data in self.get_stats().get("calls", [])]
