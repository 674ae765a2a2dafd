"""The call log and assertAPICalled / assertAPINotCalled."""

from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import httpx2
import requests
import urllib3

from apimock import MockedAPITestCase

URL = "https://calls.example.com/v1/things"


class CallLogTest(MockedAPITestCase):
    def test_request_parts(self):
        self.api.add("POST", URL, status=201, json={"id": 3})

        requests.post(
            URL + "?page=2&tag=a&tag=b",
            json={"name": "x"},
            headers={"X-Trace": "t1"},
            timeout=1,
        )

        [call] = self.api.calls
        request = call.request
        self.assertEqual(request.method, "POST")
        self.assertEqual(request.url, URL + "?page=2&tag=a&tag=b")
        self.assertEqual(request.headers["x-trace"], "t1")
        self.assertEqual(request.body, b'{"name": "x"}')
        self.assertEqual(request.json(), {"name": "x"})
        self.assertEqual(request.params, {"page": "2", "tag": ["a", "b"]})
        self.assertEqual(call.client, "requests")
        self.assertEqual((call.response.status, call.response.json()), (201, {"id": 3}))

    def test_a_file_like_body_is_logged_as_the_bytes_sent(self):
        self.api.add("POST", URL)

        requests.post(URL, data=io.BytesIO(b"from a file"), timeout=1)

        self.assertEqual(self.api.calls.last.request.body, b"from a file")

    def test_each_call_names_its_own_line_and_function(self):
        # Calls from one line share one site; each keeps its own line.
        self.api.add("GET", URL)

        def helper():
            requests.get(URL, timeout=1)

        for _ in range(2):
            requests.get(URL, timeout=1)
        helper()
        requests.get(URL, timeout=1)

        sites = [call.request.sent_from.innermost for call in self.api.calls]
        lines = [site.line for site in sites]
        self.assertEqual(lines[0], lines[1])
        self.assertEqual(lines[2], helper.__code__.co_firstlineno + 1)
        self.assertEqual(lines[3], lines[0] + 2)
        self.assertEqual(
            [site.function for site in sites],
            [self._testMethodName] * 2 + ["helper", self._testMethodName],
        )

    def test_logged_headers_are_those_sent_whatever_the_client_changes_later(self):
        # The transports copy headers when the request is sent and decode the
        # copy only when it is read, here after the client's own has changed.
        self.api.add("GET", URL)
        with requests.Session() as session:
            prepared = session.prepare_request(
                requests.Request("GET", URL, headers={"X-Trace": "sent"})
            )
            session.send(prepared)
        prepared.headers["X-Trace"] = "changed"
        with httpx.Client() as client:
            request = client.build_request(
                "GET", URL, headers=[("X-Trace", "sent"), ("X-Trace", "twice")]
            )
            client.send(request)
        request.headers["X-Trace"] = "changed"

        logged = [call.request.headers["x-trace"] for call in self.api.calls]

        self.assertEqual(logged, ["sent", "sent, twice"])

    def test_headers_nobody_reads_are_never_decoded(self):
        self.api.add("GET", URL)
        for module in (httpx, httpx2):
            with self.subTest(client=module.__name__), module.Client() as client:
                self.api.calls.reset()
                client.get(URL, headers={"X-Trace": "t1"})
                headers = self.api.calls[0].request.headers
                # DecodedLater builds its mapping (_store) when first read.
                self.assertNotIn("_store", vars(headers))

                self.assertEqual(headers["X-Trace"], "t1")
                self.assertIn("_store", vars(headers))

    def test_form_body(self):
        self.api.add("POST", URL)

        requests.post(URL, data={"a": "1", "b": "two"}, timeout=1)

        self.assertEqual(self.api.calls[0].request.form, {"a": "1", "b": "two"})

    def test_reset_forgets_stubs_and_calls(self):
        self.api.add("GET", URL)
        requests.get(URL, timeout=1)

        self.api.reset()

        self.assertEqual(len(self.api.calls), 0)
        self.assertNotIn(URL, [stub.url for stub in self.api.stubs()])


class AssertionTest(MockedAPITestCase):
    def setUp(self):
        self.api.add("POST", URL, status=201)
        self.api.add("GET", URL)

    def test_assert_called_passes(self):
        requests.post(URL, json={"n": 1}, headers={"X-A": "1"}, timeout=1)
        requests.post(URL, json={"n": 2}, timeout=1)
        requests.get(URL, params={"q": "z"}, timeout=1)
        requests.post(URL, data={"f": 5}, timeout=1)

        self.assertAPICalled("POST", URL)
        self.assertAPICalled("POST", URL, times=3)
        self.assertAPICalled("POST", URL, json={"n": 1}, headers={"X-A": "1"}, times=1)
        self.assertAPICalled("POST", URL, data={"f": 5}, times=1)
        self.assertAPICalled("GET", URL, params={"q": "z"})
        self.assertAPICalled("GET", URL + "?q=z", times=1)
        self.assertAPINotCalled("DELETE", URL)

    def test_times_mismatch_fails_listing_the_calls(self):
        requests.post(URL, timeout=1)

        with self.assertRaises(AssertionError) as caught:
            self.assertAPICalled("POST", URL, times=2)

        message = str(caught.exception)
        self.assertIn(
            f"Expected POST {URL} to be called twice; it was called once:", message
        )
        # Each call, with where the test made it and what it sent.
        self.assertRegex(
            message,
            rf"1\. POST {URL} \[requests\] -> 201, from tests/test_calls.py:\d+",
        )
        self.assertIn("(no body)", message)

    def test_json_mismatch_shows_a_diff(self):
        requests.post(URL, json={"amount": 10, "currency": "eur"}, timeout=1)

        with self.assertRaises(AssertionError) as caught:
            self.assertAPICalled("POST", URL, json={"amount": 12, "currency": "eur"})

        message = str(caught.exception)
        self.assertIn("it was called once, but with a different JSON body:", message)
        self.assertIn("JSON body differs:", message)
        self.assertIn('-  "amount": 12,', message)
        self.assertIn('+  "amount": 10,', message)
        self.assertNotIn('-  "currency"', message)

    def test_never_called(self):
        with self.assertRaisesMessage(AssertionError, "No API calls were made."):
            self.assertAPICalled("GET", URL)

    def test_assert_not_called_fails_when_called(self):
        requests.get(URL, timeout=1)

        with self.assertRaisesMessage(
            AssertionError, f"Expected GET {URL} not to be called"
        ):
            self.assertAPINotCalled("GET", URL)


class ThreadTest(MockedAPITestCase):
    def test_requests_from_other_threads_are_answered_and_logged(self):
        self.api.add("GET", URL, json={"ok": True})
        answers: list[object] = []

        def worker():
            for _ in range(10):
                answers.append(requests.get(URL, timeout=1).json())

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)

        self.assertEqual(answers, [{"ok": True}] * 80)
        self.assertAPICalled("GET", URL, times=80)

    def test_threads_share_a_sequence_without_losing_or_repeating_a_step(self):
        # 8 threads, 3 clients, released together by a barrier: each of the 48
        # answers of the sequence is served exactly once and every call logged.
        threads, per_thread = 8, 6
        total = threads * per_thread
        self.api.add(
            "GET",
            URL,
            responses=[{"json": {"n": n}} for n in range(total)],
            then="fail",
        )
        start = threading.Barrier(threads, timeout=10)
        fetchers = (
            lambda: requests.get(URL, timeout=5).json(),
            lambda: httpx.get(URL, timeout=5).json(),
            lambda: urllib3.request("GET", URL, timeout=5).json(),
        )

        def worker(index: int) -> list[int]:
            fetch = fetchers[index % len(fetchers)]
            start.wait()
            return [fetch()["n"] for _ in range(per_thread)]

        with ThreadPoolExecutor(max_workers=threads) as pool:
            futures = [pool.submit(worker, i) for i in range(threads)]
            served = [n for future in futures for n in future.result(timeout=30)]

        self.assertEqual(sorted(served), list(range(total)))
        self.assertEqual(len(self.api.calls), total)
        self.assertEqual(
            {call.client for call in self.api.calls}, {"requests", "httpx", "urllib3"}
        )
