"""The journal and the toolbar panel in a real browser: Debian's Chromium,
headless, against ``manage.py runserver`` on 127.0.0.1, the calls made by
clicking the sample project's own buttons."""

from __future__ import annotations

import json
import unittest
from typing import Any

import requests
from django.test import SimpleTestCase

from tests.browser import chromium, chromium_missing, runserver

MISSING = chromium_missing()
WAIT = 15  # seconds: a condition not met by then fails the test


def _by() -> Any:
    from selenium.webdriver.common.by import By

    return By


@unittest.skipIf(MISSING, MISSING or "")
class JournalInChromiumTest(SimpleTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.base = cls.enterClassContext(runserver(DJANGO_DEBUG="1", APIMOCK_DEV="1"))
        cls.journal = f"{cls.base}/__apimock__/"
        cls.browser = cls.enterClassContext(chromium())
        # What a person allows when the page first asks to use the clipboard.
        cls.browser.execute_cdp_cmd(
            "Browser.grantPermissions",
            {
                "origin": cls.base,
                "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
            },
        )

    def setUp(self) -> None:
        # Each test starts from an empty journal and fresh stub state, as a
        # person would by pressing the two buttons.
        self.open(self.journal)
        self.press("Clear the journal")
        self.press("Reset stub state and scenarios")

    # -- helpers: what a person does ------------------------------------------

    def open(self, url: str) -> None:
        self.browser.get(url)

    def find(self, css: str) -> Any:
        return self.browser.find_element(_by().CSS_SELECTOR, css)

    def press(self, text: str) -> None:
        """Click the button that says ``text``, and wait for the page it loads."""
        self.submit(
            self.browser.find_element(
                _by().XPATH, f"//button[normalize-space()={json.dumps(text)}]"
            )
        )

    def submit(self, button: Any) -> None:
        """Click ``button`` and wait until the page it sends to has loaded."""
        self.browser.execute_script("window.beforeSubmit = true;")
        button.click()
        self.wait(
            lambda: self.browser.execute_script(
                "return !window.beforeSubmit && document.readyState === 'complete';"
            )
        )

    def use_the_site(self, action: str) -> str:
        """Press one of the home page's buttons; what the page shows."""
        self.open(f"{self.base}/")
        self.submit(self.find(f"button[value={action}]"))
        return str(self.find("#result").text)

    def wait(self, condition: Any, message: str = "") -> Any:
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait

        # A page being replaced (by a live update or a navigation) makes the
        # driver fail now and then until it settles: ask again.
        wait = WebDriverWait(
            self.browser, WAIT, ignored_exceptions=(WebDriverException,)
        )
        return wait.until(lambda _: condition(), message)

    def rows(self) -> list[str]:
        return [
            row.text
            for row in self.browser.find_elements(_by().CSS_SELECTOR, "#calls tr")
        ]

    # -- the tests -------------------------------------------------------------

    def test_calls_made_through_the_site_appear_live_newest_first(self) -> None:
        journal_tab = self.browser.current_window_handle
        # A mark that a reload would wipe: the rows must arrive without one.
        self.browser.execute_script("window.notReloaded = true;")
        self.browser.switch_to.new_window("tab")
        self.use_the_site("pay")
        self.use_the_site("item")
        self.browser.close()
        self.browser.switch_to.window(journal_tab)

        self.wait(lambda: len(self.rows()) == 2, f"rows: {self.rows()}")
        newest, oldest = self.rows()
        self.assertIn("httpx GET https://api.example.com/v1/items/5 200", newest)
        self.assertIn("items: one item", newest)
        self.assertIn('APIMOCK["STUBS"][2]', newest)
        self.assertRegex(newest, r"\d+\.\d ms")
        self.assertIn("requests POST https://api.stripe.com/v1/tokens 200", oldest)
        self.assertIn("stripe: token created\ntestproject/stubs/stripe.yaml:19", oldest)
        self.assertTrue(self.browser.execute_script("return window.notReloaded;"))

    def test_a_miss_shows_why_and_its_stub_to_paste_copies_from_the_keyboard(
        self,
    ) -> None:
        shown = self.use_the_site("weather")
        self.assertIn("UnmatchedRequest", shown)

        self.open(self.journal)
        self.assertIn("missed", self.rows()[0])
        self.submit(self.find("#misses a"))
        report = self.find("main pre:not([id])").text
        self.assertIn("matched no stub (client: requests)", report)
        # No stub is for the weather host: one line says so; and the report
        # names the line of the sample's code that sent the request.
        self.assertIn("No stub for host weather.example.com; ", report)
        self.assertIn("Sent from testproject/home/services.py:", report)
        paste = self.find("pre[id^=paste-]").text
        self.assertEqual(
            paste,
            '{"method": "GET", "url": "https://weather.example.com/v1/today'
            '?city=Lyon", "status": 200, "json": {}}',
        )

        from selenium.webdriver.common.keys import Keys

        copy = self.find("button[data-copy]")
        copy.send_keys(Keys.ENTER)  # the keyboard, not the mouse
        self.wait(lambda: self.find(".copied").text == "Copied to the clipboard.")
        copied = self.browser.execute_async_script(
            "const done = arguments[0];"
            "navigator.clipboard.readText().then(done, e => done('failed: ' + e));"
        )
        self.assertEqual(copied, paste)

    def test_reset_starts_a_sequence_afresh(self) -> None:
        first = json.loads(self.use_the_site("subscribe"))
        second = json.loads(self.use_the_site("subscribe"))
        self.open(self.journal)
        self.press("Reset stub state and scenarios")
        third = json.loads(self.use_the_site("subscribe"))

        self.assertEqual(
            [first["status"], second["status"], third["status"]], [201, 409, 201]
        )

    def test_a_stub_switched_off_is_missed_until_switched_on(self) -> None:
        self.open(self.journal)
        self.submit(self.find("button[aria-label='Switch off push: message created']"))
        self.assertIn("switched off in the journal", self.find("#stubs").text)

        refused = self.use_the_site("remind")
        self.open(self.journal)
        self.submit(self.find("#misses a"))
        why = self.find("main pre:not([id])").text
        self.open(self.journal)
        self.submit(self.find("button[aria-label='Switch on push: message created']"))
        self.assertNotIn("switched off", self.find("#stubs").text)
        answered = json.loads(self.use_the_site("remind"))

        self.assertIn("UnmatchedRequest", refused)
        self.assertIn("switched off in the journal", why)
        self.assertEqual(answered, {"id": "msg_1", "status": "queued"})

    def test_filters_by_host_and_status(self) -> None:
        for action in ("pay", "declined", "weather"):
            self.use_the_site(action)
        self.open(self.journal)
        self.wait(lambda: len(self.rows()) == 3)

        from selenium.webdriver.support.ui import Select

        Select(self.find("#filter-host")).select_by_visible_text("api.stripe.com")
        self.press("Filter")
        stripe_rows = self.rows()
        Select(self.find("#filter-host")).select_by_index(0)
        Select(self.find("#filter-status")).select_by_value("4xx")
        self.press("Filter")
        failed_rows = self.rows()
        Select(self.find("#filter-status")).select_by_value("missed")
        self.press("Filter")
        missed_rows = self.rows()

        self.assertEqual(len(stripe_rows), 2)
        self.assertTrue(all("api.stripe.com" in row for row in stripe_rows))
        self.assertEqual(len(failed_rows), 1)
        self.assertIn("402", failed_rows[0])
        self.assertEqual(len(missed_rows), 1)
        self.assertIn("weather.example.com", missed_rows[0])

    def test_the_journal_reads_and_acts_without_javascript(self) -> None:
        self.use_the_site("pay")
        self.browser.execute_cdp_cmd(
            "Emulation.setScriptExecutionDisabled", {"value": True}
        )
        self.addCleanup(
            self.browser.execute_cdp_cmd,
            "Emulation.setScriptExecutionDisabled",
            {"value": False},
        )
        self.open(self.journal)
        read = self.rows()
        self.press("Clear the journal")

        self.assertIn("api.stripe.com/v1/tokens", read[0])
        self.assertIn("No calls yet", self.rows()[0])

    def test_every_control_is_labelled_reachable_by_keyboard_and_legible(
        self,
    ) -> None:
        self.use_the_site("weather")
        self.open(self.journal)

        unlabelled = self.browser.execute_script(_UNLABELLED)
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        reached = []
        for _ in range(80):  # bounded: the page has fewer stops than this
            ActionChains(self.browser).send_keys(Keys.TAB).perform()
            element = self.browser.switch_to.active_element
            reached.append(element.get_attribute("aria-label") or element.text)
        poor_contrast = self.browser.execute_script(_POOR_CONTRAST)

        self.assertEqual(unlabelled, [])
        for stop in (
            "Skip to the calls",
            "Filter",
            "Clear the journal",
            "Reset stub state and scenarios",
            "Copy",
            "Switch off push: message created",
        ):
            self.assertIn(stop, reached)
        self.assertEqual(poor_contrast, [])

    def test_the_panel_lists_the_calls_of_one_request(self) -> None:
        with runserver("testproject.toolbar_settings") as base:
            self.open(f"{base}/")
            self.submit(self.find("button[value=weather]"))
            toolbar = self.find("#djDebugRoot").shadow_root
            button = toolbar.find_element(_by().CSS_SELECTOR, "a.APICallsPanel")
            subtitle = button.text
            button.click()
            panel = self.wait(lambda: _found(toolbar, "#APICallsPanel .apimock-panel"))
            content = panel.text

        self.assertIn("API calls\n1 call, 1 missed", subtitle)
        self.assertIn("GET https://weather.example.com/v1/today?city=Lyon", content)
        self.assertIn("Why no stub answered", content)
        self.assertIn(
            '"url": "https://weather.example.com/v1/today?city=Lyon"', content
        )


@unittest.skipIf(MISSING, MISSING or "")
class JournalOffInChromiumTest(SimpleTestCase):
    def test_it_is_not_found_when_dev_mode_or_debug_is_off(self) -> None:
        pages = {}
        with chromium() as browser:
            for name, env in (
                ("dev mode off", {"DJANGO_DEBUG": "1", "APIMOCK_DEV": "0"}),
                ("DEBUG off", {"DJANGO_DEBUG": "0", "APIMOCK_DEV": "0"}),
            ):
                with runserver(**env) as base:
                    browser.get(f"{base}/__apimock__/")
                    status = requests.get(f"{base}/__apimock__/", timeout=10)
                    body = browser.find_element(_by().TAG_NAME, "body").text
                    pages[name] = (status.status_code, browser.title, body)

        # Not even mounted: dev mode mounts the journal when it starts.
        code, title, body = pages["dev mode off"]
        self.assertEqual((code, title), (404, "Page not found at /__apimock__/"))
        self.assertIn("The current path, __apimock__/, didn", body)
        code, title, body = pages["DEBUG off"]
        self.assertEqual((code, title), (404, "Not Found"))
        self.assertNotIn("apimock", body)


def _found(root: Any, css: str) -> Any:
    from selenium.common.exceptions import NoSuchElementException

    try:
        return root.find_element(_by().CSS_SELECTOR, css)
    except NoSuchElementException:
        return None


# Form controls a screen reader could not name.
_UNLABELLED = """
const named = e => (e.labels && e.labels.length) || e.getAttribute("aria-label")
  || (e.tagName === "BUTTON" && e.textContent.trim());
return Array.from(document.querySelectorAll("select, input:not([type=hidden]), button"))
  .filter(e => !e.hidden && !named(e))
  .map(e => e.outerHTML);
"""

# Text whose contrast with its background is under WCAG AA's 4.5:1.
_POOR_CONTRAST = """
function rgb(value) { return value.match(/[\\d.]+/g).slice(0, 4).map(Number); }
function lum(c) {
  const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function background(e) {
  for (; e; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length < 4 || c[3] > 0) return c;
  }
  return [255, 255, 255];
}
const poor = [];
for (const e of document.querySelectorAll("main *, header *")) {
  const own = Array.from(e.childNodes)
    .some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || !e.offsetParent) continue;
  const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(background(e))];
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5) {
    poor.push(`${e.tagName} ${e.textContent.trim().slice(0, 40)}: ${ratio.toFixed(2)}`);
  }
}
return poor;
"""
