"""The journal where it lives: ``apimock serve`` serves it at the same path,
and django-debug-toolbar's panel shows the calls of one request; both run as
a user runs them, in a process of their own."""

from __future__ import annotations

import re

import requests
from django.test import SimpleTestCase

from tests.browser import runserver
from tests.test_serve import start_server, stop

KEY = {"Authorization": "Key test-key"}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ROW = re.compile(r'<tr>\s*<td><a href="/__apimock__/calls/(\d+)/"')


class ServeJournalTest(SimpleTestCase):
    def test_apimock_serve_has_the_same_journal_at_the_same_path(self):
        server, base = start_server(
            "--origin", "https://api.example.com", settings="tests.serve_settings"
        )
        try:
            requests.get(f"{base}/v1/items/5", headers=KEY, timeout=5)
            requests.get(f"{base}/v2/nothing", timeout=5)
            browser = requests.Session()
            page = browser.get(f"{base}/__apimock__/", timeout=5)
            detail = browser.get(f"{base}/__apimock__/calls/2/", timeout=5)
            bare = requests.get(f"{base}/__apimock__", timeout=5, allow_redirects=False)
            forged = requests.post(f"{base}/__apimock__/clear/", timeout=5)
            cleared = browser.post(
                f"{base}/__apimock__/clear/",
                data={"csrfmiddlewaretoken": TOKEN.search(page.text).group(1)},
                timeout=5,
            )
        finally:
            code, out, _ = stop(server)

        self.assertEqual(page.status_code, 200)
        self.assertEqual(ROW.findall(page.text), ["2", "1"])
        self.assertIn("apimock serve", page.text)
        self.assertIn("items: one item", page.text)
        self.assertIn("Why no stub answered", detail.text)
        self.assertIn("https://api.example.com/v2/nothing", detail.text)
        self.assertEqual(
            (bare.status_code, bare.headers["Location"]), (301, "/__apimock__/")
        )
        self.assertEqual(forged.status_code, 403)
        self.assertEqual(cleared.history[0].status_code, 303)
        self.assertIn("No calls yet", cleared.text)
        self.assertEqual(code, 0)
        # The journal's pages are not stub traffic: the log has the two calls.
        self.assertEqual(len([line for line in out.splitlines() if " -> " in line]), 2)


class ToolbarPanelTest(SimpleTestCase):
    def test_the_panel_lists_the_calls_of_its_request_only(self):
        with runserver("testproject.toolbar_settings") as base:
            browser = requests.Session()
            token = TOKEN.search(browser.get(f"{base}/", timeout=10).text).group(1)
            paid = self.panel(browser, base, token, "pay")
            missed = self.panel(browser, base, token, "weather")

        self.assertIn("https://api.stripe.com/v1/tokens", paid)
        self.assertIn("stripe: token created", paid)
        self.assertNotIn("weather.example.com", paid)
        self.assertIn("https://weather.example.com/v1/today?city=Lyon", missed)
        self.assertIn("Why no stub answered", missed)
        self.assertNotIn("api.stripe.com/v1/tokens</td>", missed)

    def panel(self, browser, base, token, action):
        """The panel's content for the request that pressed ``action``."""
        page = browser.post(
            f"{base}/",
            data={"csrfmiddlewaretoken": token, "action": action},
            timeout=10,
        ).text
        request_id = re.search(r'data-request-id="(\w+)"', page).group(1)
        rendered = browser.get(
            f"{base}/__debug__/render_panel/",
            params={"request_id": request_id, "panel_id": "APICallsPanel"},
            timeout=10,
        )
        return rendered.json()["content"]
