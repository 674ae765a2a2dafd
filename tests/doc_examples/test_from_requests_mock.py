"""docs/migrating.rst, from ``requests-mock``: each idiom with requests-mock
itself (``WithRequestsMock``) and its apimock port (``WithApimock``); a
method and its namesake are one row of the guide."""

from __future__ import annotations

import re

import requests
import requests_mock
from django.test import SimpleTestCase

from apimock import MockedAPITestCase

USERS = "https://api.test/v1/users"


def is_admin_request(request):
    return request.json().get("role") == "admin"


class WithRequestsMock(SimpleTestCase):
    def test_a_sequence_of_answers(self):
        with requests_mock.Mocker() as m:
            m.get(f"{USERS}/1", [{"status_code": 503}, {"json": {"id": 1}}])

            first = requests.get(f"{USERS}/1", timeout=5)
            second = requests.get(f"{USERS}/1", timeout=5)

        self.assertEqual([first.status_code, second.status_code], [503, 200])
        self.assertEqual(m.request_history[1].method, "GET")

    def test_the_last_request_and_counts(self):
        with requests_mock.Mocker() as m:
            m.post(USERS, status_code=201, json={"id": 2})

            requests.post(USERS, json={"name": "Ada"}, timeout=5)

        self.assertEqual(m.last_request.json(), {"name": "Ada"})
        self.assertTrue(m.called_once)
        self.assertEqual(m.call_count, 1)

    def test_nothing_was_called(self):
        with requests_mock.Mocker() as m:
            m.get(USERS, json=[])

        self.assertFalse(m.called)

    def test_raise_an_exception(self):
        with requests_mock.Mocker() as m:
            m.get(USERS, exc=requests.exceptions.ConnectTimeout)

            with self.assertRaises(requests.exceptions.ConnectTimeout):
                requests.get(USERS, timeout=5)

    def test_a_regex_anywhere_in_the_url(self):
        with requests_mock.Mocker() as m:
            m.get(re.compile(r"/users/\d+"), json={"id": 7})

            response = requests.get(f"{USERS}/7?expand=groups", timeout=5)

        self.assertEqual(response.json(), {"id": 7})

    def test_a_dynamic_answer(self):
        def echo(request, context):
            context.status_code = 201
            context.headers["Location"] = f"{USERS}/9"
            return {"name": request.json()["name"]}

        with requests_mock.Mocker() as m:
            m.post(USERS, json=echo)

            response = requests.post(USERS, json={"name": "Ada"}, timeout=5)

        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.headers["Location"], f"{USERS}/9")
        self.assertEqual(response.json(), {"name": "Ada"})

    def test_an_additional_matcher(self):
        with requests_mock.Mocker() as m:
            m.post(USERS, status_code=201)
            m.post(USERS, additional_matcher=is_admin_request, status_code=403)

            admin = requests.post(USERS, json={"role": "admin"}, timeout=5)
            user = requests.post(USERS, json={"role": "user"}, timeout=5)

        self.assertEqual([admin.status_code, user.status_code], [403, 201])

    def test_any_method_any_url(self):
        with requests_mock.Mocker() as m:
            m.register_uri(requests_mock.ANY, requests_mock.ANY, status_code=204)

            response = requests.delete(f"{USERS}/1", timeout=5)

        self.assertEqual(response.status_code, 204)


class WithApimock(MockedAPITestCase):
    def test_a_sequence_of_answers(self):
        self.api.add(
            "GET", f"{USERS}/1", responses=[{"status": 503}, {"json": {"id": 1}}]
        )

        first = requests.get(f"{USERS}/1", timeout=5)
        second = requests.get(f"{USERS}/1", timeout=5)

        self.assertEqual([first.status_code, second.status_code], [503, 200])
        self.assertEqual(self.api.calls[1].request.method, "GET")

    def test_the_last_request_and_counts(self):
        self.api.add("POST", USERS, status=201, json={"id": 2})

        requests.post(USERS, json={"name": "Ada"}, timeout=5)

        self.assertEqual(self.api.calls.last.request.json(), {"name": "Ada"})
        self.assertAPICalled("POST", USERS, times=1)
        self.assertEqual(len(self.api.calls), 1)

    def test_nothing_was_called(self):
        self.api.add("GET", USERS, json=[])

        self.assertNoAPICalls()

    def test_raise_an_exception(self):
        self.api.add("GET", USERS, error=requests.exceptions.ConnectTimeout)

        with self.assertRaises(requests.exceptions.ConnectTimeout):
            requests.get(USERS, timeout=5)

    def test_a_regex_anywhere_in_the_url(self):
        # requests-mock searches the URL; apimock matches it whole, query
        # included: say what may come before and after.
        self.api.add("GET", re.compile(r".*/users/\d+.*"), json={"id": 7})

        response = requests.get(f"{USERS}/7?expand=groups", timeout=5)

        self.assertEqual(response.json(), {"id": 7})

    def test_a_dynamic_answer(self):
        def echo(request):
            headers = {"Location": f"{USERS}/9", "Content-Type": "application/json"}
            return 201, headers, f'{{"name": "{request.json()["name"]}"}}'

        self.api.add("POST", USERS, callback=echo)

        response = requests.post(USERS, json={"name": "Ada"}, timeout=5)

        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.headers["Location"], f"{USERS}/9")
        self.assertEqual(response.json(), {"name": "Ada"})

    def test_an_additional_matcher(self):
        # A custom rule narrows a stub; the more specific stub wins whatever
        # the order (requests-mock tries the last registered first).
        self.api.add("POST", USERS, status=201)
        self.api.add("POST", USERS, match={"custom": is_admin_request}, status=403)

        admin = requests.post(USERS, json={"role": "admin"}, timeout=5)
        user = requests.post(USERS, json={"role": "user"}, timeout=5)

        self.assertEqual([admin.status_code, user.status_code], [403, 201])

    def test_any_method_any_url(self):
        self.api.add("ANY", url_regex=".*", status=204)

        response = requests.delete(f"{USERS}/1", timeout=5)

        self.assertEqual(response.status_code, 204)
