"""No secret reaches a cassette, in any shape; replay gives the code what it saw.

A test records against tests/secret_server (a real server on 127.0.0.1)
that receives and sends secrets in every shape a careful user found leaking,
then every written file is searched for each secret, and the same code is
replayed with the server stopped.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any
from urllib.parse import quote_plus

import httpx
import requests
from django.conf import settings
from django.test import SimpleTestCase, override_settings

from apimock.cassettes.placeholders import Generic, Placeholders
from apimock.cassettes.redaction import Redactor
from apimock.conf import conf
from tests.secret_server import SENT, secret_server
from tests.test_cassettes import CassetteCase

# Settings the redaction knows by name (REDACT_SETTINGS' default patterns).
SETTINGS = {
    "AUTH_KEY": "sk_test_setting_auth_key_0001",
    # Sent URL-encoded in a form, under a name that says nothing.
    "DB_PASSWORD": "p@ss/w0rd+and&more",
    # Sent JSON-escaped in a text body: a quote, a backslash, an accent.
    "WEBHOOK_SECRET": 'wh"sec\\ret-é-0002',
    # Sent base64-encoded in a header.
    "SIGNING_KEY": "signing-key-setting-0003",
    "OAUTH_CLIENT_SECRET": "client-secret-setting-0004",
    # Held in a cookie beside cookies no setting holds.
    "SESSION_COOKIE_SECRET": "cookie-setting-0005",
}
# What the code sends that no setting holds, by where it goes.
SENT_BY_CODE = {
    "userinfo_password": "userinfo-pass-1a2b",
    "cookie_other": "other-cookie-3c4d",
    "cookie_third": "third-cookie-5e6f",
    "binary_body_token": "binary-body-token-7a8b",
    "text_plain_token": "text-plain-token-9c0d",
    "field_secret": "field-secret-1e2f",
    "field_id_token": "field-id-token-3a4b",
    "field_apiKey": "field-apikey-5c6d",
    "field_Password": "field-Password-7e8f",
    "field_API_KEY": "field-API-KEY-9a0b",
    "form_user_password": "form-user-password-1c2d",
    "field_passwd": "field-passwd-3e4f",
    "field_private_key": "field-private-key-5a6b",
    "field_refresh_token": "field-refresh-token-7c8d",
    "field_session": "field-session-9e0f",
    "field_csrf": "field-csrf-1a3b",
    "field_signature": "field-signature-2c4d",
    "nested_password": "nested-password-5e7f",
    "jwt_in_body": (
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjb2RlLXNlbnQtand0In0.c2lnLWNvZGUtand0"
    ),
    "sk_live_in_path": "sk_live_PathHeldKeyNoSetting0123",
    "rk_live_in_query": "rk_live_QueryRestrictedKey4567",
    "whsec_in_text": "whsec_TextBodySigningSecret89ab",
    "aws_key_in_query": "AKIAQUERYKEY12345678",
    "github_in_header": "ghp_HeaderTokenNoSetting0123456789abcdefAB",
    "bearer_in_text": "bearer-in-text-4f5e6d7c",
    "basic_password": "basic-password-8b9a",
    "x_api_key": "x-api-key-header-0c1d",
    "query_access_token": "query-access-token-2e3f",
    "x_session_token": "x-session-token-4a5b",
}


def exercise(base: str) -> dict[str, Any]:
    """The code under test: every shape out, every shape back; what it saw."""
    s = SENT_BY_CODE
    seen: dict[str, Any] = {}

    def keep(label: str, response: requests.Response | httpx.Response) -> None:
        cookies = (
            response.headers.get_list("set-cookie")
            if isinstance(response, httpx.Response)
            else response.headers.get("Set-Cookie")
        )
        seen[label] = {
            "status": response.status_code,
            "type": response.headers.get("content-type"),
            "body": response.content,
            "set-cookie": cookies,
            "www-authenticate": response.headers.get("WWW-Authenticate"),
            "proxy-authenticate": response.headers.get("Proxy-Authenticate"),
        }

    host = base.removeprefix("http://")
    keep(
        "userinfo, query, cookies, headers",
        requests.get(
            f"http://ada:{s['userinfo_password']}@{host}/echo?access_token="
            f"{s['query_access_token']}&key_id={s['aws_key_in_query']}"
            f"&restricted={s['rk_live_in_query']}",
            headers={
                "Cookie": f"sid={settings.SESSION_COOKIE_SECRET}; "
                f"other={s['cookie_other']}; third={s['cookie_third']}",
                "X-Api-Key": s["x_api_key"],
                "X-Session-Token": s["x_session_token"],
                "X-Custom": s["github_in_header"],
                "X-Signed": base64.b64encode(settings.SIGNING_KEY.encode()).decode(),
            },
            timeout=5,
        ),
    )
    keep(
        "form, basic auth",
        requests.post(
            f"{base}/echo",
            data={
                "note": settings.DB_PASSWORD,
                "user[password]": s["form_user_password"],
                "user[name]": "ada",
            },
            auth=("ada", s["basic_password"]),
            timeout=5,
        ),
    )
    fields = {
        "token": s["text_plain_token"],
        "note": settings.WEBHOOK_SECRET,
        "secret": s["field_secret"],
        "id_token": s["field_id_token"],
        "apiKey": s["field_apiKey"],
        "Password": s["field_Password"],
        "API_KEY": s["field_API_KEY"],
        "passwd": s["field_passwd"],
        "private_key": s["field_private_key"],
        "refresh_token": s["field_refresh_token"],
        "session": s["field_session"],
        "csrf": s["field_csrf"],
        "signature": s["field_signature"],
        "deep": {"a": [{"b": {"c": [{"password": s["nested_password"]}]}}]},
        "comment": f"see {s['jwt_in_body']}",
    }
    keep(
        "json as text/plain",
        httpx.post(
            f"{base}/echo",
            content=json.dumps(fields),
            headers={"Content-Type": "text/plain"},
            timeout=5,
        ),
    )
    text = (
        f"whsec: {s['whsec_in_text']}\nforwarded: Bearer {s['bearer_in_text']}\n"
        f"escaped: {json.dumps(settings.WEBHOOK_SECRET)}"
    )
    keep(
        "free text",
        requests.post(
            f"{base}/echo",
            data=text,
            headers={"Content-Type": "text/plain"},
            timeout=5,
        ),
    )
    keep(
        "binary body",
        requests.post(
            f"{base}/echo",
            data=b"\x89\xff\x00token=" + s["binary_body_token"].encode() + b"\xfe",
            headers={"Content-Type": "application/octet-stream"},
            timeout=5,
        ),
    )
    keep(
        "key in path",
        requests.get(f"{base}/v1/customers/{s['sk_live_in_path']}/charges", timeout=5),
    )
    # OAuth: the token the server issues is needed for real in the next calls.
    session = requests.Session()
    token = session.post(
        f"{base}/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_secret": settings.OAUTH_CLIENT_SECRET,
        },
        timeout=5,
    )
    keep("token", token)
    access = token.json()["access_token"]
    bearer = {"Authorization": f"Bearer {access}"}
    keep("as bearer", session.get(f"{base}/api/me", headers=bearer, timeout=5))
    keep(
        "in query",
        session.get(f"{base}/api/items", params={"access_token": access}, timeout=5),
    )
    keep("in path", session.get(f"{base}/api/tokens/{access}/info", timeout=5))
    wrong = {"Authorization": "Bearer wrong-token-123"}
    keep("wrong token", session.get(f"{base}/api/me", headers=wrong, timeout=5))
    seen["cookie jar"] = sorted(session.cookies.keys())
    for path in ("/form-token", "/text-json", "/binary", "/sse", "/sts"):
        keep(path, requests.get(f"{base}{path}", timeout=5))
    return seen


def searched_for(values: dict[str, str]) -> dict[str, list[str]]:
    """Each secret and the forms it may be written in."""
    forms: dict[str, list[str]] = {}
    for name, value in values.items():
        forms[name] = sorted(
            {
                value,
                quote_plus(value, safe=""),
                json.dumps(value)[1:-1],
                base64.b64encode(value.encode()).decode().rstrip("="),
            }
        )
    return forms


class RecordEveryShapeTest(CassetteCase):
    def record_and_replay(self) -> tuple[dict, dict, list[str], str]:
        with override_settings(**SETTINGS), secret_server() as server:
            recorded = self.run_flow("once", lambda t: exercise(server.url))
            issued = list(server.issued)
            base = server.url
        with override_settings(**SETTINGS):
            replayed = self.run_flow("none", lambda t: exercise(base))
        return recorded, replayed, issued, base

    def test_no_secret_of_any_shape_reaches_a_file_and_replay_sees_the_same(self):
        recorded, replayed, issued, _ = self.record_and_replay()
        self.assertEqual(recorded["problems"], [])
        self.assertEqual(replayed["problems"], [])

        every = {
            **SETTINGS,
            **SENT_BY_CODE,
            **SENT,
            **{f"issued_{n}": value for n, value in enumerate(issued)},
        }
        written = "".join(
            path.read_bytes().decode("utf-8", "replace")
            for path in self.dir.rglob("*")
            if path.is_file()
        )
        found = [
            f"{name} ({form!r})"
            for name, forms in searched_for(every).items()
            for form in forms
            if form in written
        ]
        self.assertEqual(found, [], f"{len(found)} of {len(every)} secrets leaked")
        self.assertGreaterEqual(len(every), 44)

        # The code saw the same values recorded and replayed...
        self.assertEqual(replayed["result"], recorded["result"])
        # ...and the recording reached the real API: the issued token went
        # out for real in place of its placeholder (200, not 401), three ways.
        seen = recorded["result"]
        api = ["as bearer", "in query", "in path", "wrong token"]
        self.assertEqual([seen[label]["status"] for label in api], [200, 200, 200, 401])

    def test_placeholders_are_numbered_per_value_and_settings_come_back(self):
        recorded, _, _, _ = self.record_and_replay()
        text = self.cassette_text()
        # The issued token reads the same wherever it went: one number.
        token_line = re.search(r"access_token: (<REDACTED_\d+>)", text)
        assert token_line is not None
        token = token_line.group(1)
        self.assertIn(f"Authorization: Bearer {token}", text)
        self.assertIn(f"/api/tokens/{token}/info", text)
        # Settings are named, in the encoding they were found in...
        self.assertIn("note=<DB_PASSWORD:url>&", text)
        self.assertIn("<SIGNING_KEY:b64>", text)
        self.assertIn("sid=<SESSION_COOKIE_SECRET>", text)
        # ...and come back on replay as they were sent.
        form_echo = json.loads(recorded["result"]["form, basic auth"]["body"])
        self.assertIn(quote_plus(SETTINGS["DB_PASSWORD"]), form_echo["body"])
        # Cookie names and attributes, challenge realms, token_type survive.
        token_response = self.interactions()[6]["response"]
        self.assertRegex(
            token_response["headers"]["Set-Cookie"],
            r"^session=<REDACTED_\d+>; Path=/, remember=<REDACTED_\d+>; "
            r"Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly$",
        )
        self.assertEqual(token_response["json"]["token_type"], "bearer")
        self.assertRegex(
            self.interactions()[10]["response"]["headers"]["WWW-Authenticate"],
            r'^Bearer realm="api", error="invalid_token", token="<REDACTED_\d+>"$',
        )


class RedactorTest(SimpleTestCase):
    """The rules one by one, on data rather than through a server."""

    def redact(self, part: dict[str, Any], **settings_: Any) -> dict[str, Any]:
        with override_settings(**settings_):
            redactor = Redactor(
                conf.REDACT_SETTINGS, conf.REDACT_HEADERS, conf.REDACT_FIELDS
            )
            return redactor.redact({"request": part}, Placeholders())["request"]

    def test_field_names_are_compared_by_ending_whatever_their_case(self):
        data = {
            "apiKey": "v1-secret",
            "X_API_KEY": "v2-secret",
            "user": {"newPassword2": "v3-secret", "token_type": "bearer"},
            "next_page_token": "v4-secret",
        }
        redacted = self.redact({"json": data})["json"]
        self.assertEqual(redacted["user"]["token_type"], "bearer")
        self.assertNotIn("secret", json.dumps(redacted))

    def test_the_settings_lists_add_to_the_built_in_ones(self):
        with override_settings(
            APIMOCK={"REDACT_FIELDS": ["pin"], "REDACT_HEADERS": ["X-Mine"]}
        ):
            redacted = self.redact(
                {
                    "url": "https://a.example/x?pin=1234&password=pw-secret",
                    "headers": {
                        "X-Mine": "mine-secret",
                        "Authorization": "Basic abc-secret",
                    },
                }
            )
        self.assertNotIn("1234", redacted["url"])
        self.assertNotIn("pw-secret", redacted["url"])
        self.assertNotIn("secret", json.dumps(redacted["headers"]))
        self.assertTrue(
            redacted["headers"]["Authorization"].startswith("Basic <REDACTED_")
        )

    def test_a_json_value_nested_too_deep_is_not_kept(self):
        deep: Any = {"password": "deep-secret-value"}
        for _ in range(200):
            deep = [deep]
        redacted = self.redact({"body": json.dumps(deep), "headers": {}})
        self.assertNotIn("deep-secret-value", redacted["body"])

    def test_matching_reads_every_placeholder_as_the_same(self):
        with override_settings(**SETTINGS):
            redactor = Redactor(
                conf.REDACT_SETTINGS, conf.REDACT_HEADERS, conf.REDACT_FIELDS
            )
            live = redactor.redact(
                {"request": {"headers": {"Authorization": "Bearer live-token-1234"}}},
                Generic(),
            )
        self.assertEqual(
            live["request"]["headers"]["Authorization"], "Bearer <REDACTED>"
        )
