"""The journal's settings are checked: apimock.E028 to E030."""

from __future__ import annotations

from unittest import mock

from django.conf import settings
from django.core import checks
from django.test import SimpleTestCase, override_settings
from hypothesis import given
from hypothesis import strategies as st

from apimock.dev import mode as devmode


def found(**apimock):
    # Only the keys under test: the project's stubs and contracts are
    # checked elsewhere, and slowly.
    with override_settings(APIMOCK=apimock):
        return [(e.id, e.msg, e.hint) for e in checks.run_checks(tags=["apimock"])]


class JournalSizeTest(SimpleTestCase):
    def test_a_size_that_is_not_a_positive_whole_number(self):
        for size in (0, -5, "200", 1.5, True, None):
            with self.subTest(size=size):
                [(error_id, message, hint)] = found(JOURNAL_SIZE=size)
                self.assertEqual(error_id, "apimock.E028")
                self.assertIn(f'APIMOCK["JOURNAL_SIZE"] is {size!r}', message)
                self.assertIn("positive whole number", message)
                self.assertEqual(hint, "For example 200, the default.")

    @given(st.integers(min_value=1, max_value=10**9))
    def test_any_positive_size(self, size):
        self.assertEqual(found(JOURNAL_SIZE=size), [])


class JournalPathTest(SimpleTestCase):
    def test_a_path_without_a_leading_slash(self):
        [(error_id, message, hint)] = found(JOURNAL_PATH="__apimock__/")

        self.assertEqual(error_id, "apimock.E029")
        self.assertEqual(
            message,
            "APIMOCK[\"JOURNAL_PATH\"] is '__apimock__/': it must start with a slash.",
        )
        self.assertIn('"/__apimock__/"', hint)

    def test_other_paths_that_cannot_be_the_journals(self):
        for path, problem in (
            ("/", "not the site's root"),
            ("/a b/", "without a query, a fragment or spaces"),
            ("/calls?x=1", "without a query"),
            (5, "a URL path (text) or None, not int"),
        ):
            with self.subTest(path=path):
                [(error_id, message, _)] = found(JOURNAL_PATH=path)
                self.assertEqual(error_id, "apimock.E029")
                self.assertIn(problem, message)

    def test_none_and_plain_paths_are_fine(self):
        for path in (None, "/__apimock__/", "/tools/calls"):
            with self.subTest(path=path):
                self.assertEqual(found(JOURNAL_PATH=path), [])

    @given(st.text(max_size=30))
    def test_any_text_is_a_check_result_never_a_traceback(self, path):
        for error_id, _, _ in found(JOURNAL_PATH=path):
            self.assertEqual(error_id, "apimock.E029")


class JournalWithDebugOffTest(SimpleTestCase):
    def dev_check(self):
        return [(e.id, e.msg, e.hint) for e in devmode_checks()]

    def test_the_journal_in_the_urlconf_with_debug_off_at_start_up(self):
        with (
            mock.patch.dict(devmode._state, {"debug_at_startup": False}),
            override_settings(
                ROOT_URLCONF="tests.journal_urls",
                APIMOCK={**settings.APIMOCK, "ACTIVE_IN_DEV": False},
            ),
        ):
            [(error_id, message, hint)] = self.dev_check()

        self.assertEqual(error_id, "apimock.E030")
        self.assertIn("(apimock.urls) is in the URLconf but DEBUG is False", message)
        self.assertIn("if settings.DEBUG:", hint)

    def test_fine_with_debug_on_or_without_the_include(self):
        with override_settings(ROOT_URLCONF="tests.journal_urls"):
            debug_on = self.dev_check()
        with (
            mock.patch.dict(devmode._state, {"debug_at_startup": False}),
            override_settings(APIMOCK={**settings.APIMOCK, "ACTIVE_IN_DEV": False}),
        ):
            not_included = self.dev_check()

        self.assertEqual(debug_on, [])
        self.assertEqual(not_included, [])


def devmode_checks():
    from apimock.checks import check_dev_mode

    return check_dev_mode()
