"""Every side-by-side of docs/migrating.rst is a pair of tests that both run."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import SimpleTestCase

from tests.doc_examples import test_from_requests_mock, test_from_responses

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "migrating.rst"


# Not "test_...": pytest would collect a module-level function so named.
def names_of_tests(case: type) -> set[str]:
    return {name for name in vars(case) if name.startswith("test_")}


class PairsTest(SimpleTestCase):
    def test_each_peer_idiom_has_its_port_and_the_guide_shows_both(self):
        guide = GUIDE.read_text()
        shown = set(re.findall(r":pyobject: (\w+)\.(test_\w+)", guide))
        for module, before in (
            (test_from_responses, test_from_responses.WithResponses),
            (test_from_requests_mock, test_from_requests_mock.WithRequestsMock),
        ):
            with self.subTest(module=module.__name__):
                after = names_of_tests(module.WithApimock)
                self.assertEqual(names_of_tests(before), after)
                for name in after:
                    self.assertIn((before.__name__, name), shown)
                    self.assertIn(("WithApimock", name), shown)
