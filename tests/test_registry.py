"""Finding a stub does not look at every stub: the registry index.

Counted, not timed: how many stubs are compared with a request. The times
themselves are in benchmarks/bench_peers.py.
"""

from __future__ import annotations

from unittest import mock

import requests
from django.test import override_settings

from apimock import MockedAPITestCase
from apimock.stubs import matchers

API = "https://api.test/v1"
MANY = 5_000


def compared() -> mock._patch:  # type: ignore[type-arg]
    return mock.patch.object(matchers, "differences", wraps=matchers.differences)


class IndexTest(MockedAPITestCase):
    def test_exact_urls_compare_one_stub_whichever_is_called(self):
        for index in range(MANY):
            self.api.add("GET", f"{API}/items/{index}", json=index)

        for index in (0, MANY // 2, MANY - 1):
            with self.subTest(index=index), compared() as differences:
                self.assertEqual(requests.get(f"{API}/items/{index}").json(), index)
            self.assertEqual(differences.call_count, 1)

    def test_templated_urls_compare_only_stubs_of_the_same_shape(self):
        for index in range(MANY):
            self.api.add("GET", f"{API}/r{index}/{{id}}", json="{request.path.id}")

        with compared() as differences:
            self.assertEqual(requests.get(f"{API}/r{MANY - 1}/abc").json(), "abc")
        self.assertEqual(differences.call_count, 1)

    def test_other_methods_and_hosts_are_not_compared(self):
        for index in range(MANY):
            self.api.add("POST", f"{API}/items/{index}")
            self.api.add("GET", f"https://other{index}.example.com/items/1")
        self.api.add("GET", f"{API}/items/1", json="the one")

        with compared() as differences:
            self.assertEqual(requests.get(f"{API}/items/1").json(), "the one")
        self.assertEqual(differences.call_count, 1)

    @override_settings(
        APIMOCK={
            "STUBS": [{"method": "GET", "url": f"{API}/s/{i}"} for i in range(MANY)]
        }
    )
    def test_settings_stubs_are_indexed_too(self):
        with compared() as differences:
            self.assertEqual(requests.get(f"{API}/s/{MANY - 1}").status_code, 200)
        self.assertEqual(differences.call_count, 1)
