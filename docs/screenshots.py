"""Regenerate the pictures in docs/devmode.rst: the journal, a miss, the panel.

    python docs/screenshots.py

Runs the sample project's development server in dev mode (once plain, once
with django-debug-toolbar), presses the home page's buttons in Debian's
headless Chromium and saves PNGs under docs/_static/images/. The tests do
not run this: the pictures change only when the pages do.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "_static" / "images"
sys.path.insert(0, str(ROOT))

from tests.browser import chromium, chromium_missing, runserver  # noqa: E402


def press(browser, base: str, action: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{base}/")
    browser.find_element(By.CSS_SELECTOR, f"button[value={action}]").click()
    browser.find_element(By.ID, "result")


def journal(browser) -> None:
    from selenium.webdriver.common.by import By

    with runserver() as base:
        for action in ("pay", "declined", "item", "remind", "subscribe", "weather"):
            press(browser, base, action)
        browser.get(f"{base}/__apimock__/")
        browser.save_screenshot(str(IMAGES / "journal.png"))
        browser.find_element(By.CSS_SELECTOR, "#misses a").click()
        browser.find_element(By.CSS_SELECTOR, "button[data-copy]").click()
        browser.find_element(By.XPATH, "//*[text()='Copied to the clipboard.']")
        browser.save_screenshot(str(IMAGES / "journal-miss.png"))


def panel(browser) -> None:
    from selenium.webdriver.common.by import By

    with runserver("testproject.toolbar_settings") as base:
        press(browser, base, "pay")
        press(browser, base, "weather")
        toolbar = browser.find_element(By.ID, "djDebugRoot").shadow_root
        toolbar.find_element(By.CSS_SELECTOR, "a.APICallsPanel").click()
        toolbar.find_element(By.CSS_SELECTOR, "#APICallsPanel .apimock-panel")
        browser.save_screenshot(str(IMAGES / "panel.png"))


def main() -> None:
    missing = chromium_missing()
    if missing:
        sys.exit(missing)
    IMAGES.mkdir(parents=True, exist_ok=True)
    with chromium(width=1280, height=860) as browser:
        browser.implicitly_wait(10)
        journal(browser)
        panel(browser)
    for image in sorted(IMAGES.glob("*.png")):
        print(image.relative_to(ROOT))


if __name__ == "__main__":
    main()
