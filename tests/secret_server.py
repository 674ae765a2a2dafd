"""A loopback API that receives and sends secrets in every shape a cassette
must redact, for tests/test_redaction.py.

``/echo`` answers with everything it was sent (headers, query, body) as JSON;
``/oauth/token`` issues a fresh access token that ``/api/...`` then requires,
so a recording only works if the code's placeholder goes out as the real
token; the other paths answer with secrets in one shape each. Every value it
makes up is kept in ``issued``, so a test can look for it in the cassette.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.helpers import serving

JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiJyZXNwb25zZS1pZC10b2tlbiJ9."
    "c2lnbmF0dXJlLW9mLXRoZS1pZC10b2tlbg"
)
# What the server sends that no setting holds (the test looks for each).
SENT = {
    "set_cookie_session": "srv-session-9f8e7d6c",
    "set_cookie_remember": "srv-remember-5a4b3c2d",
    "www_authenticate_token": "wwwauth-token-11aa22bb",
    "digest_opaque": "digest-opaque-33cc44dd",
    "id_token": JWT,
    "form_access_token": "gho_FormEncodedAccessToken0123456789abcd",
    "text_json_secret": "text-plain-json-secret-55ee",
    "binary_secret": "binary-response-secret-66ff",
    "sse_token": "sse-event-token-77aa88bb",
    "xml_access_key": "AKIAIOSFODNN7EXAMPLE",
    "xml_secret_key": "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
    "xml_session_token": "xml-session-token-99cc00dd",
    "header_session_token": "hdr-session-token-12ab34cd",
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SecretServer

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def _route(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = urlsplit(self.path).path
        if path == "/oauth/token":
            self._token()
        elif path.startswith("/api/"):
            self._api(path)
        elif path == "/challenge":
            self._challenge()
        elif path in _FIXED:
            content_type, payload = _FIXED[path]
            self._send(200, content_type, payload)
        else:
            self._echo(body)

    def _echo(self, body: bytes) -> None:
        url = urlsplit(self.path)
        payload = {
            "path": url.path,
            "query": parse_qs(url.query),
            "headers": dict(self.headers.items()),
            # Latin-1 keeps binary bodies' bytes as they were.
            "body": body.decode("latin-1"),
        }
        self._send(200, "application/json", json.dumps(payload).encode())

    def _token(self) -> None:
        token = f"at-{secrets.token_hex(12)}"
        refresh = f"rt-{secrets.token_hex(12)}"
        with self.server.lock:
            self.server.tokens.append(token)
            self.server.issued += [token, refresh]
        payload = {
            "access_token": token,
            "refresh_token": refresh,
            "id_token": JWT,
            "token_type": "bearer",
            "expires_in": 3600,
        }
        self._send(
            200,
            "application/json",
            json.dumps(payload).encode(),
            [
                ("Set-Cookie", f"session={SENT['set_cookie_session']}; Path=/"),
                (
                    "Set-Cookie",
                    f"remember={SENT['set_cookie_remember']}; "
                    "Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly",
                ),
                ("X-Session-Token", SENT["header_session_token"]),
            ],
        )

    def _api(self, path: str) -> None:
        """Only the real access token opens /api: as Bearer, query or path."""
        query = parse_qs(urlsplit(self.path).query)
        given = [
            self.headers.get("Authorization", "").removeprefix("Bearer "),
            *query.get("access_token", []),
            *path.split("/"),
        ]
        with self.server.lock:
            known = set(self.server.tokens)
        if not known.intersection(given):
            self._challenge()
            return
        self._send(200, "application/json", json.dumps({"ok": path}).encode())

    def _challenge(self) -> None:
        self._send(
            401,
            "application/json",
            b'{"error": "invalid_token"}',
            [
                (
                    "WWW-Authenticate",
                    f'Bearer realm="api", error="invalid_token", '
                    f'token="{SENT["www_authenticate_token"]}"',
                ),
                (
                    "Proxy-Authenticate",
                    f'Digest realm="x", qop="auth", opaque="{SENT["digest_opaque"]}"',
                ),
            ],
        )

    def _send(
        self,
        status: int,
        content_type: str,
        body: bytes,
        extra: list[tuple[str, str]] = (),  # type: ignore[assignment]
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


_FIXED = {
    "/form-token": (
        "application/x-www-form-urlencoded",
        f"access_token={SENT['form_access_token']}&scope=repo&token_type=bearer".encode(),
    ),
    "/text-json": (
        "text/plain",
        json.dumps({"data": {"client": {"Secret": SENT["text_json_secret"]}}}).encode(),
    ),
    "/binary": (
        "application/octet-stream",
        b"\x89\xff\x00token=" + SENT["binary_secret"].encode() + b"\x00\xfe",
    ),
    "/sse": (
        "text/event-stream",
        (
            'data: {"delta": "hi"}\n\n'
            f'data: {{"token": "{SENT["sse_token"]}"}}\n\n'
            "data: [DONE]\n\n"
        ).encode(),
    ),
    "/sts": (
        "text/xml",
        (
            "<Credentials>"
            f"<AccessKeyId>{SENT['xml_access_key']}</AccessKeyId>"
            f"<SecretAccessKey>{SENT['xml_secret_key']}</SecretAccessKey>"
            f"<SessionToken>{SENT['xml_session_token']}</SessionToken>"
            "</Credentials>"
        ).encode(),
    ),
}


class SecretServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.tokens: list[str] = []
        self.issued: list[str] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def secret_server() -> Iterator[SecretServer]:
    with serving(SecretServer()) as server:
        yield server
