"""pycurl, the real libcurl binding, against a canary it must never reach."""

from __future__ import annotations

import io
import json

import pycurl

from tests.helpers import loopback_server
from tests.test_httplib2 import CanaryTestCase


def post(url: str, **extra: object) -> pycurl.Curl:
    curl = pycurl.Curl()
    curl.setopt(pycurl.URL, url)
    curl.setopt(pycurl.POSTFIELDS, json.dumps({"amount": 5}))
    curl.setopt(pycurl.HTTPHEADER, ["Content-Type: application/json", "X-Key: k1"])
    curl.setopt(pycurl.TIMEOUT, 5)
    for option, value in extra.items():
        curl.setopt(getattr(pycurl, option), value)
    return curl


class PycurlTest(CanaryTestCase):
    def test_unstubbed_is_refused_before_libcurl_connects(self):
        url = f"{self.canary.url}/v1/charges"
        curl = post(url)

        with self.assertUnmatched() as caught:
            curl.perform()

        self.assertIn(f"POST {url}", str(caught.exception))
        self.assertIn("client: pycurl", str(caught.exception))
        self.assertCanaryUntouched()

    def test_stubbed_is_delivered_through_the_callbacks(self):
        url = f"{self.canary.url}/v1/charges"
        self.api.add(
            "POST",
            url,
            status=201,
            json={"id": "ch_1"},
            headers={"Request-Id": "req_9"},
            match={"json": {"amount": 5}, "headers": {"X-Key": "k1"}},
        )
        body, header_lines = io.BytesIO(), []
        curl = post(url, WRITEFUNCTION=body.write, HEADERFUNCTION=header_lines.append)

        curl.perform()

        self.assertEqual(curl.getinfo(pycurl.RESPONSE_CODE), 201)
        self.assertEqual(curl.getinfo(pycurl.EFFECTIVE_URL), url)
        self.assertEqual(json.loads(body.getvalue()), {"id": "ch_1"})
        self.assertEqual(header_lines[0], b"HTTP/1.1 201 Created\r\n")
        self.assertIn(b"Request-Id: req_9\r\n", header_lines)
        self.assertEqual(header_lines[-1], b"\r\n")
        self.assertAPICalled("POST", url, json={"amount": 5}, times=1)
        self.assertEqual(self.api.calls[0].client, "pycurl")
        self.assertCanaryUntouched()

    def test_writedata_perform_rb_and_methods(self):
        url = f"{self.canary.url}/v1/items/1"
        self.api.add("GET", url, body="item one")
        self.api.add("DELETE", url, status=204)
        self.api.add("HEAD", url, headers={"ETag": "v1"})

        curl = pycurl.Curl()
        curl.setopt(pycurl.URL, url)
        self.assertEqual(curl.perform_rb(), b"item one")
        self.assertEqual(curl.perform_rs(), "item one")
        curl.setopt(pycurl.CUSTOMREQUEST, "DELETE")
        sink = io.BytesIO()
        curl.setopt(pycurl.WRITEDATA, sink)
        curl.perform()
        self.assertEqual(curl.getinfo(pycurl.RESPONSE_CODE), 204)
        curl.unsetopt(pycurl.CUSTOMREQUEST)
        curl.setopt(pycurl.NOBODY, True)
        curl.perform()

        methods = [call.request.method for call in self.api.calls]
        self.assertEqual(methods, ["GET", "GET", "DELETE", "HEAD"])

    def test_faults_are_libcurls_own_errors(self):
        url = "https://faults.example.com/slow"
        for stub, code in (
            ({"error": "timeout"}, 28),
            ({"error": "connection_error"}, 7),
            ({"body": "x" * 20, "fault": "truncated_body"}, 18),
            ({"body": "x" * 20, "fault": "connection_reset"}, 56),
        ):
            with self.subTest(stub=stub):
                self.api.reset()
                self.api.add("GET", url, **stub)
                curl = pycurl.Curl()
                curl.setopt(pycurl.URL, url)
                curl.setopt(pycurl.WRITEFUNCTION, lambda data: None)

                with self.assertRaises(pycurl.error) as caught:
                    curl.perform()

                self.assertEqual(caught.exception.args[0], code)

    def test_an_allowed_host_is_performed_by_libcurl(self):
        with loopback_server() as server:
            curl = pycurl.Curl()
            curl.setopt(pycurl.URL, f"http://127.0.0.1:{server.server_port}/real")

            body = curl.perform_rb()

        self.assertEqual(json.loads(body), {"served": "/real"})
        self.assertEqual(curl.getinfo(pycurl.RESPONSE_CODE), 200)
        self.assertEqual(server.hits, 1)

    def test_a_multi_transfer_to_a_host_not_allowed_is_refused(self):
        url = f"{self.canary.url}/v1/multi"
        self.api.add("GET", url, body="stubs answer Curl.perform only")
        curl = pycurl.Curl()
        curl.setopt(pycurl.URL, url)
        multi = pycurl.CurlMulti()

        with self.assertUnmatched() as caught:
            multi.add_handle(curl)

        self.assertIn(f"127.0.0.2:{self.canary.port}", str(caught.exception))
        self.assertIn("CurlMulti", str(caught.exception))
        self.assertCanaryUntouched()
