"""docs/migrating.rst, from ``responses``: each idiom with responses itself
(``WithResponses``, run as it is) and its apimock port (``WithApimock``).

A method of one class and the method of the same name in the other are one
row of the guide: they send the same requests and assert the same outcome,
so a port that changed its meaning fails here.
"""

from __future__ import annotations

import json
import re

import requests
import responses
from django.test import SimpleTestCase
from responses import matchers

from apimock import MockedAPITestCase

USERS = "https://api.test/v1/users"
TOKEN = "https://login.test/tenant/oauth2/token"


def token_callback(request):
    # responses passes requests' PreparedRequest: a form body is a str.
    grant = dict(part.split("=") for part in request.body.split("&"))["grant_type"]
    return 200, {}, json.dumps({"access_token": f"tok-{grant}"})


def token_callback_apimock(request):
    # apimock passes its APIRequest: body is bytes, and the form is read.
    grant = request.form["grant_type"]
    return 200, {}, json.dumps({"access_token": f"tok-{grant}"})


class WithResponses(SimpleTestCase):
    @responses.activate
    def test_add_and_read_the_calls(self):
        responses.add(responses.GET, f"{USERS}/1", json={"id": 1, "name": "Ada"})

        response = requests.get(f"{USERS}/1", timeout=5)

        self.assertEqual(response.json()["name"], "Ada")
        self.assertEqual(responses.calls[-1].request.url, f"{USERS}/1")
        assert responses.assert_call_count(f"{USERS}/1", 1)

    @responses.activate
    def test_the_same_url_twice_answers_in_turn(self):
        responses.add(responses.POST, TOKEN, json={"access_token": "guest"})
        responses.add(responses.POST, TOKEN, json={"access_token": "member"})

        tokens = [requests.post(TOKEN, timeout=5).json()["access_token"] for _ in "ab"]

        self.assertEqual(tokens, ["guest", "member"])

    @responses.activate
    def test_a_callback_with_a_content_type(self):
        responses.add_callback(
            responses.POST,
            TOKEN,
            callback=token_callback,
            content_type="application/json",
        )

        response = requests.post(TOKEN, data={"grant_type": "code"}, timeout=5)

        self.assertEqual(response.headers["Content-Type"], "application/json")
        self.assertEqual(response.json(), {"access_token": "tok-code"})

    @responses.activate
    def test_a_compiled_url_and_a_query(self):
        responses.add(
            responses.GET, re.compile(r"https://api\.test/v1/users/\d+"), json={}
        )

        response = requests.get(f"{USERS}/7", params={"expand": "groups"}, timeout=5)

        self.assertEqual(response.status_code, 200)

    @responses.activate
    def test_match_part_of_the_json_body(self):
        responses.add(
            responses.POST,
            USERS,
            status=201,
            json={"id": 2},
            match=[matchers.json_params_matcher({"name": "Ada"}, strict_match=False)],
        )

        response = requests.post(USERS, json={"name": "Ada", "admin": False}, timeout=5)

        self.assertEqual(response.status_code, 201)

    @responses.activate
    def test_match_the_query_and_headers(self):
        responses.add(
            responses.GET,
            USERS,
            json=[],
            match=[
                matchers.query_param_matcher({"page": "2"}),
                matchers.header_matcher({"Authorization": "Bearer t"}),
            ],
        )

        response = requests.get(
            USERS, params={"page": 2}, headers={"Authorization": "Bearer t"}, timeout=5
        )

        self.assertEqual(response.json(), [])

    @responses.activate
    def test_match_a_form_and_read_it_back(self):
        responses.add(
            responses.POST,
            TOKEN,
            json={},
            match=[matchers.urlencoded_params_matcher({"grant_type": "code"})],
        )

        requests.post(TOKEN, data={"grant_type": "code"}, timeout=5)

        self.assertEqual(responses.calls[-1].request.body, "grant_type=code")

    @responses.activate
    def test_match_multipart_parts(self):
        responses.add(
            responses.POST,
            USERS,
            status=201,
            match=[
                matchers.multipart_matcher(
                    {"avatar": ("ada.png", b"\x89PNG", "image/png")}, data={"id": "1"}
                )
            ],
        )

        response = requests.post(
            USERS,
            data={"id": "1"},
            files={"avatar": ("ada.png", b"\x89PNG", "image/png")},
            timeout=5,
        )

        self.assertEqual(response.status_code, 201)

    @responses.activate
    def test_raise_a_connection_error(self):
        responses.add(
            responses.GET, USERS, body=requests.exceptions.SSLError("bad certificate")
        )

        with self.assertRaises(requests.exceptions.SSLError):
            requests.get(USERS, timeout=5)

    @responses.activate
    def test_read_the_last_json_body(self):
        responses.add(responses.POST, USERS, status=201)

        requests.post(USERS, json={"name": "Ada", "roles": ["admin"]}, timeout=5)

        sent = json.loads(responses.calls[-1].request.body)
        self.assertEqual(sent["roles"], ["admin"])
        self.assertEqual(len(responses.calls), 1)


class WithApimock(MockedAPITestCase):
    def test_add_and_read_the_calls(self):
        self.api.add("GET", f"{USERS}/1", json={"id": 1, "name": "Ada"})

        response = requests.get(f"{USERS}/1", timeout=5)

        self.assertEqual(response.json()["name"], "Ada")
        self.assertEqual(self.api.calls.last.request.url, f"{USERS}/1")
        self.assertAPICalled("GET", f"{USERS}/1", times=1)

    def test_the_same_url_twice_answers_in_turn(self):
        # Two alike api.add() calls: the newest would answer every time
        # (with a ShadowedStubWarning). A sequence says "in turn".
        self.api.add(
            "POST",
            TOKEN,
            responses=[
                {"json": {"access_token": "guest"}},
                {"json": {"access_token": "member"}},
            ],
        )

        tokens = [requests.post(TOKEN, timeout=5).json()["access_token"] for _ in "ab"]

        self.assertEqual(tokens, ["guest", "member"])

    def test_a_callback_with_a_content_type(self):
        self.api.add(
            "POST",
            TOKEN,
            callback=token_callback_apimock,
            content_type="application/json",
        )

        response = requests.post(TOKEN, data={"grant_type": "code"}, timeout=5)

        self.assertEqual(response.headers["Content-Type"], "application/json")
        self.assertEqual(response.json(), {"access_token": "tok-code"})

    def test_a_compiled_url_and_a_query(self):
        # The whole URL must match, query included: ".*" lets the rest follow,
        # as re.match did.
        self.api.add("GET", re.compile(r"https://api\.test/v1/users/\d+.*"), json={})

        response = requests.get(f"{USERS}/7", params={"expand": "groups"}, timeout=5)

        self.assertEqual(response.status_code, 200)

    def test_match_part_of_the_json_body(self):
        # match json is partial; json_exact is responses' strict_match=True.
        self.api.add(
            "POST", USERS, match={"json": {"name": "Ada"}}, status=201, json={"id": 2}
        )

        response = requests.post(USERS, json={"name": "Ada", "admin": False}, timeout=5)

        self.assertEqual(response.status_code, 201)

    def test_match_the_query_and_headers(self):
        self.api.add(
            "GET",
            USERS,
            json=[],
            match={
                "query_exact": {"page": "2"},
                "headers": {"Authorization": "Bearer t"},
            },
        )

        response = requests.get(
            USERS, params={"page": 2}, headers={"Authorization": "Bearer t"}, timeout=5
        )

        self.assertEqual(response.json(), [])

    def test_match_a_form_and_read_it_back(self):
        self.api.add("POST", TOKEN, json={}, match={"form": {"grant_type": "code"}})

        requests.post(TOKEN, data={"grant_type": "code"}, timeout=5)

        self.assertEqual(self.api.calls.last.request.form, {"grant_type": "code"})

    def test_match_multipart_parts(self):
        self.api.add(
            "POST",
            USERS,
            status=201,
            match={
                "multipart": {
                    "avatar": {
                        "filename": "ada.png",
                        "content": b"\x89PNG",
                        "content_type": "image/png",
                    },
                    "id": "1",
                }
            },
        )

        response = requests.post(
            USERS,
            data={"id": "1"},
            files={"avatar": ("ada.png", b"\x89PNG", "image/png")},
            timeout=5,
        )

        self.assertEqual(response.status_code, 201)

    def test_raise_a_connection_error(self):
        self.api.add(
            "GET", USERS, error=requests.exceptions.SSLError("bad certificate")
        )

        with self.assertRaises(requests.exceptions.SSLError):
            requests.get(USERS, timeout=5)

    def test_read_the_last_json_body(self):
        self.api.add("POST", USERS, status=201)

        requests.post(USERS, json={"name": "Ada", "roles": ["admin"]}, timeout=5)

        self.assertAPICalled("POST", USERS, json_contains={"roles": ["admin"]}, times=1)
        self.assertEqual(len(self.api.calls), 1)
