"""httplib2 and google-api-python-client, the real SDKs, against a canary.

The canary (127.0.0.2, not an allowed host) counts every connection: an
unstubbed request must fail with UnmatchedRequest and leave it at zero; a
stubbed one is answered with the SDK's own objects.
"""

from __future__ import annotations

import json
from pathlib import Path

import googleapiclient
import httplib2
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from apimock import MockedAPISimpleTestCase
from tests.helpers import ExpectMisses, canary

DOCUMENTS = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"


class CanaryTestCase(ExpectMisses, MockedAPISimpleTestCase):
    def setUp(self):
        self.canary = self.enterContext(canary())

    def assertCanaryUntouched(self):
        self.assertEqual(self.canary.accepted, 0, "the canary was reached")


class Httplib2Test(CanaryTestCase):
    def test_unstubbed_is_blocked(self):
        url = f"{self.canary.url}/v1/things"
        with self.assertUnmatched() as caught:
            httplib2.Http(timeout=5).request(url, "POST", body="{}")

        self.assertIn(f"POST {url}", str(caught.exception))
        self.assertCanaryUntouched()

    def test_stubbed_is_answered_with_its_response(self):
        url = f"{self.canary.url}/v1/things"
        self.api.add("POST", url, status=201, json={"id": 7}, headers={"X-Id": "7"})

        response, content = httplib2.Http(timeout=5).request(
            url, "POST", body='{"name": "x"}', headers={"Content-Type": "x/y"}
        )

        self.assertIsInstance(response, httplib2.Response)
        self.assertEqual(response.status, 201)
        self.assertEqual(response["x-id"], "7")
        self.assertEqual(json.loads(content), {"id": 7})
        self.assertAPICalled(
            "POST", url, json={"name": "x"}, headers={"Content-Type": "x/y"}
        )
        self.assertEqual(self.api.calls[0].client, "httplib2")
        self.assertCanaryUntouched()

    def test_redirects_are_followed_by_httplib2(self):
        self.api.add(
            "GET",
            "https://api.example.com/old",
            status=301,
            headers={"Location": "https://api.example.com/new"},
        )
        self.api.add("GET", "https://api.example.com/new", body="moved here")

        response, content = httplib2.Http().request("https://api.example.com/old")

        self.assertEqual((response.status, content), (200, b"moved here"))
        self.assertEqual(response.previous.status, 301)

    def test_a_timeout_is_the_socket_timeout_httplib2_raises(self):
        self.api.add("GET", "https://api.example.com/slow", error="timeout")

        with self.assertRaises(TimeoutError):
            httplib2.Http(timeout=5).request("https://api.example.com/slow")

    def test_a_truncated_body_fails_the_read(self):
        self.api.add(
            "GET", "https://api.example.com/cut", body="x" * 20, fault="truncated_body"
        )

        with self.assertRaises(httplib2.http.client.IncompleteRead):
            httplib2.Http().request("https://api.example.com/cut")


class GoogleApiClientTest(CanaryTestCase):
    def drive(self, **kwargs):
        return build(
            "drive",
            "v3",
            developerKey="test-key",
            static_discovery=True,
            client_options={"api_endpoint": f"{self.canary.url}/drive/v3/"},
            **kwargs,
        )

    def test_unstubbed_is_blocked(self):
        with self.assertUnmatched() as caught:
            self.drive().files().get(fileId="abc").execute()

        self.assertIn(
            f"GET {self.canary.url}/drive/v3/files/abc", str(caught.exception)
        )
        self.assertCanaryUntouched()

    def test_stubbed_execute_returns_the_parsed_answer(self):
        self.api.add(
            "GET",
            f"{self.canary.url}/drive/v3/files/abc",
            json={"id": "abc", "name": "report.pdf"},
        )

        found = self.drive().files().get(fileId="abc").execute()

        self.assertEqual(found, {"id": "abc", "name": "report.pdf"})
        call = self.api.calls[0]
        self.assertEqual(call.request.params["key"], "test-key")
        self.assertCanaryUntouched()

    def test_an_error_status_is_the_sdks_http_error(self):
        self.api.add(
            "GET",
            f"{self.canary.url}/drive/v3/files/gone",
            status=404,
            json={"error": {"code": 404, "message": "File not found: gone."}},
        )

        with self.assertRaises(HttpError) as caught:
            self.drive().files().get(fileId="gone").execute()

        self.assertEqual(caught.exception.resp.status, 404)
        self.assertIn("File not found", caught.exception.reason)

    def test_a_stubbed_discovery_document(self):
        discovery = f"{self.canary.url}/discovery/v1/apis/{{api}}/{{apiVersion}}/rest"
        document = json.loads((DOCUMENTS / "tasks.v1.json").read_text())
        document["rootUrl"] = f"{self.canary.url}/"
        self.api.add(  # bytes: its {braces} are the document's, not placeholders
            "GET",
            f"{self.canary.url}/discovery/v1/apis/tasks/v1/rest",
            body=json.dumps(document).encode(),
            content_type="application/json",
        )
        self.api.add(
            "GET",
            f"{self.canary.url}/tasks/v1/users/@me/lists",
            json={"kind": "tasks#taskLists", "items": [{"id": "l1", "title": "Home"}]},
        )

        tasks = build(
            "tasks",
            "v1",
            developerKey="test-key",
            discoveryServiceUrl=discovery,
            static_discovery=False,
            cache_discovery=False,
        )
        found = tasks.tasklists().list().execute()

        self.assertEqual(found["items"][0]["title"], "Home")
        self.assertCanaryUntouched()
