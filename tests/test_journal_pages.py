"""The journal's pages through Django's test client: who may see them, what
they show, and what their CSRF-protected actions change."""

from __future__ import annotations

import re
import types

import requests
from django.conf import settings
from django.test import Client, SimpleTestCase, override_settings
from django.urls import clear_url_caches, path, resolve

from apimock import UnmatchedRequest
from apimock.dev.journal import inventory, mount, views
from apimock.dev.journal.inventory import Group, StubRow
from tests import journal_urls
from tests.journaling import ExpectedRefusals, journaled

API = "https://api.example.com/v2"
PAGE = "/__apimock__/"
ONCE = {"name": "once", "method": "GET", "url": f"{API}/once", "times": 1}
# DEBUG on, as in development. Dev mode itself stays off: a test client
# request with DEBUG on would start it (tests.journaling arranges the journal).
DEV = override_settings(
    ROOT_URLCONF="tests.journal_urls",
    DEBUG=True,
    APIMOCK={**settings.APIMOCK, "ACTIVE_IN_DEV": False},
)
SEQUENCE = {
    "name": "signup",
    "method": "POST",
    "url": f"{API}/signup",
    "responses": [{"status": 201}, {"status": 409}],
}


@DEV
class WhoMaySeeItTest(ExpectedRefusals, SimpleTestCase):
    def test_no_journal_without_dev_mode(self):
        self.assertEqual(self.client.get(PAGE).status_code, 404)

    def test_not_found_when_debug_is_off(self):
        with journaled(), self.settings(DEBUG=False):
            response = self.client.get(PAGE)

        self.assertEqual(response.status_code, 404)

    def test_not_found_for_a_browser_on_another_machine(self):
        with journaled():
            far = self.client.get(PAGE, REMOTE_ADDR="192.0.2.7")
            with self.settings(INTERNAL_IPS=["192.0.2.7"]):
                listed = self.client.get(PAGE, REMOTE_ADDR="192.0.2.7")
            ipv6 = self.client.get(PAGE, REMOTE_ADDR="::1")

        self.assertEqual(far.status_code, 404)
        self.assertEqual(listed.status_code, 200)
        self.assertEqual(ipv6.status_code, 200)

    def test_served_in_dev_mode(self):
        with journaled():
            response = self.client.get(PAGE)

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<h1><a href="/__apimock__/">apimock journal')


@DEV
class PagesTest(ExpectedRefusals, SimpleTestCase):
    def test_the_calls_newest_first_then_the_stubs_in_force(self):
        with journaled([ONCE]):
            requests.get(f"{API}/once", timeout=5)
            requests.post("https://push.example.com/v1/messages", json={}, timeout=5)
            page = self.client.get(PAGE).content.decode()

        rows = re.findall(r"<tr>\s*<td><a href=\"/__apimock__/calls/(\d+)/\"", page)
        self.assertEqual(rows, ["2", "1"])
        self.assertIn("push: message created", page)
        self.assertIn("Stub file: testproject/stubs/stripe.yaml", page)
        self.assertIn("In code: stubs", page)
        self.assertIn("used up: times=1", page)
        # The push stub answered once; the count is in its row.
        stubs = page[page.index('id="stubs"') :]
        answered = re.search(
            r"push: message created<br>.*?<td>(\d+)</td>\s*<td>can answer",
            stubs,
            re.DOTALL,
        )
        self.assertEqual(answered.group(1), "1")

    def test_filters_by_host_and_by_status(self):
        with journaled():
            requests.post("https://push.example.com/v1/messages", json={}, timeout=5)
            requests.post(
                "https://api.stripe.com/v1/tokens",
                data={"card[number]": "4000000000000002"},
                timeout=5,
            )
            with (
                self.assertLogs("apimock", "WARNING"),
                self.assertRaises(UnmatchedRequest),
            ):
                requests.get(f"{API}/nothing", timeout=5)
            by_host = self._numbers({"host": "push.example.com"})
            by_class = self._numbers({"status": "4xx"})
            by_code = self._numbers({"status": "402"})
            missed = self._numbers({"status": "missed"})
            none = self._numbers({"host": "api.stripe.com", "status": "5xx"})

        self.assertEqual(by_host, ["1"])
        self.assertEqual(by_class, ["2"])
        self.assertEqual(by_code, ["2"])
        self.assertEqual(missed, ["3"])
        self.assertEqual(none, [])

    def test_each_miss_is_listed_with_its_report_and_stub_to_paste(self):
        with journaled():
            with (
                self.assertLogs("apimock", "WARNING"),
                self.assertRaises(UnmatchedRequest),
            ):
                requests.get(f"{API}/nothing", timeout=5)
            page = self.client.get(PAGE).content.decode()

        misses = page[page.index('id="misses"') : page.index('id="stubs"')]
        self.assertIn("#1 GET https://api.example.com/v2/nothing", misses)
        self.assertIn(
            "{&quot;method&quot;: &quot;GET&quot;, &quot;url&quot;: "
            "&quot;https://api.example.com/v2/nothing&quot;",
            misses,
        )
        self.assertIn('data-copy="paste-1" hidden>Copy</button>', misses)
        self.assertIn("matched no stub (client: requests).\nSent from tests/", misses)
        self.assertIn("\n\nClosest stubs:", misses)

    def _numbers(self, query):
        page = self.client.get(PAGE, query).content.decode()
        return re.findall(r"<tr>\s*<td><a href=\"/__apimock__/calls/(\d+)/\"", page)

    def test_a_call_in_detail(self):
        with journaled():
            requests.post(
                "https://push.example.com/v1/messages",
                json={"messages": [{"text": "hi"}]},
                headers={"Authorization": "Bearer push-test-key"},
                timeout=5,
            )
            page = self.client.get(f"{PAGE}calls/1/").content.decode()

        self.assertIn("push: message created, APIMOCK[&quot;STUBS&quot;][3]", page)
        self.assertIn("Bearer &lt;PUSH_API_KEY&gt;", page)
        self.assertNotIn("push-test-key", page)
        self.assertIn(
            "{\n  &quot;messages&quot;: [\n    {\n      &quot;text&quot;", page
        )
        self.assertIn("Status <strong>201</strong>", page)
        self.assertIn("&quot;status&quot;: &quot;queued&quot;", page)

    def test_a_call_no_longer_kept_says_so(self):
        with journaled(size=1):
            requests.post("https://push.example.com/v1/messages", json={}, timeout=5)
            requests.post("https://push.example.com/v1/messages", json={}, timeout=5)
            gone = self.client.get(f"{PAGE}calls/1/")

        self.assertContains(gone, "Call #1 is not in the journal", status_code=404)
        self.assertContains(gone, "keeps the last 1 calls", status_code=404)

    def test_polling_answers_204_until_the_journal_moves_on(self):
        with journaled():
            first = self.client.get(f"{PAGE}poll/").json()
            same = self.client.get(f"{PAGE}poll/", {"version": first["version"]})
            requests.post("https://push.example.com/v1/messages", json={}, timeout=5)
            moved = self.client.get(f"{PAGE}poll/", {"version": first["version"]})

        self.assertEqual(same.status_code, 204)
        self.assertEqual(moved.status_code, 200)
        parts = moved.json()
        self.assertEqual(parts["version"], first["version"] + 1)
        self.assertIn("push.example.com/v1/messages", parts["calls"])
        self.assertIn("1 call shown", parts["summary"])
        self.assertIn("No missed calls", parts["misses"])
        self.assertIn("push: message created", parts["stubs"])

    def test_the_script_and_style_are_served_from_the_package(self):
        with journaled():
            script = self.client.get(f"{PAGE}journal.js")
            style = self.client.get(f"{PAGE}journal.css")
            other = self.client.get(f"{PAGE}settings.py")

        self.assertEqual(script["Content-Type"], "text/javascript; charset=utf-8")
        self.assertIn(b"startPolling", script.content)
        self.assertEqual(style["Content-Type"], "text/css; charset=utf-8")
        self.assertEqual(other.status_code, 404)

    def test_fakes_in_force_are_listed_and_reset_with_the_stubs(self):
        # The seam issue 23's fakes will use; none exists yet.
        class Store:
            emptied = 0

            def journal_groups(self, journal):
                row = StubRow("f", "items", "GET", API, "items.yaml", 0, None, False)
                return [Group("Fake: items", (row,))]

            def reset_stores(self):
                self.emptied += 1

        store = Store()
        inventory.FAKES.append(store)
        self.addCleanup(inventory.FAKES.remove, store)
        with journaled():
            page = self.client.get(PAGE).content.decode()
            self.client.post(f"{PAGE}reset/")

        self.assertIn("Fake: items", page)
        self.assertEqual(store.emptied, 1)


@DEV
class ActionsTest(ExpectedRefusals, SimpleTestCase):
    def setUp(self):
        super().setUp()
        self.browser = Client(enforce_csrf_checks=True)

    def post(self, action, **data):
        """POST as the page's form does, with the CSRF token it carries."""
        page = self.browser.get(PAGE).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.browser.post(
            f"{PAGE}{action}/", {"csrfmiddlewaretoken": token, **data}
        )

    def test_an_action_without_the_csrf_token_is_refused(self):
        with journaled() as journal:
            requests.post("https://push.example.com/v1/messages", json={}, timeout=5)
            refused = self.browser.post(f"{PAGE}clear/")
            kept = len(journal.entries())

        self.assertEqual(refused.status_code, 403)
        self.assertEqual(kept, 1)

    def test_clear_forgets_the_calls_and_returns_to_the_filtered_page(self):
        with journaled() as journal:
            requests.post("https://push.example.com/v1/messages", json={}, timeout=5)
            back = self.post("clear", next="/__apimock__/?host=push.example.com")
            elsewhere = self.post("clear", next="https://evil.example/")

        self.assertEqual(back.status_code, 303)
        self.assertEqual(back["Location"], "/__apimock__/?host=push.example.com")
        self.assertEqual(elsewhere["Location"], PAGE)
        self.assertEqual(journal.entries(), [])
        self.assertEqual(journal.answered('APIMOCK["STUBS"][3]'), 0)

    def test_reset_starts_sequences_times_and_scenarios_afresh(self):
        with journaled([SEQUENCE, ONCE]):
            before = [
                requests.post(f"{API}/signup", timeout=5).status_code for _ in range(2)
            ]
            requests.get(f"{API}/once", timeout=5)
            self.post("reset")
            after = requests.post(f"{API}/signup", timeout=5).status_code
            again = requests.get(f"{API}/once", timeout=5).status_code

        self.assertEqual(before, [201, 409])
        self.assertEqual((after, again), (201, 200))

    def test_a_stub_switched_off_misses_and_says_why_until_switched_on(self):
        with journaled([ONCE]) as journal:
            self.post("switch", stub="stubs[0]", on="0")
            with (
                self.assertLogs("apimock", "WARNING"),
                self.assertRaises(UnmatchedRequest) as missed,
            ):
                requests.get(f"{API}/once", timeout=5)
            page = self.browser.get(PAGE).content.decode()
            self.post("switch", stub="stubs[0]", on="1")
            answered = requests.get(f"{API}/once", timeout=5).status_code
            unknown = self.post("switch", stub="no such stub", on="0")

        self.assertIn("switched off in the journal", str(missed.exception))
        self.assertIn('aria-label="Switch on once"', page)
        self.assertEqual(answered, 200)
        self.assertEqual(unknown.status_code, 404)
        self.assertEqual(journal.entries()[0].stub_key, "stubs[0]")

    def test_actions_are_posts_only(self):
        with journaled():
            self.assertEqual(self.browser.get(f"{PAGE}clear/").status_code, 405)


class MountTest(SimpleTestCase):
    """Dev mode puts the journal in the project's URLconf by itself."""

    def urlconf(self, patterns):
        module = types.ModuleType("dev_urls")
        module.urlpatterns = patterns
        self.enterContext(override_settings(ROOT_URLCONF=module))
        self.addCleanup(clear_url_caches)
        return module

    def test_mounted_first_once_at_the_journal_path(self):
        module = self.urlconf([path("<path:anything>", lambda request: None)])
        with journaled() as journal:
            where = mount.start(journal, journal.mock)
            mount.start(journal, journal.mock)
            found = resolve("/__apimock__/calls/3/")

        self.assertEqual(where, PAGE)
        self.assertEqual(len(module.urlpatterns), 2)
        self.assertIs(found.func, views.detail)

    def test_not_mounted_twice_where_the_project_includes_it(self):
        module = self.urlconf(list(journal_urls.urlpatterns))
        with journaled() as journal:
            mount.start(journal, journal.mock)

        self.assertEqual(len(module.urlpatterns), 1)

    def test_a_urlconf_that_is_not_a_list_is_left_alone_with_what_to_do(self):
        self.urlconf((path("x/", lambda request: None),))
        with journaled() as journal, self.assertLogs("apimock", "WARNING") as logs:
            where = mount.start(journal, journal.mock)

        self.assertIsNone(where)
        self.assertIn('Add path("", include("apimock.urls"))', logs.output[0])

    def test_the_path_is_the_setting(self):
        self.urlconf([])
        self.enterContext(override_settings(APIMOCK={"JOURNAL_PATH": "/tools/calls"}))
        with journaled() as journal:
            where = mount.start(journal, journal.mock)
            found = resolve("/tools/calls/")

        self.assertEqual(where, "/tools/calls/")
        self.assertIs(found.func, views.index)
