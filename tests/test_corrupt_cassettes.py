"""Hand-corrupted cassettes: each is a CassetteError naming the file (and the
interaction, line and key where there is one), never a traceback from inside
apimock, never served wrong, and ``manage.py apimock cassettes`` lists it."""

from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, override_settings

from apimock.cassettes import files
from apimock.cassettes.recorder import Cassette, CassetteOptions
from apimock.exceptions import CassetteError

GOOD_REQUEST = "  request:\n    method: GET\n    url: https://api.example.com/v1/x\n"
GOOD = "interactions:\n- " + GOOD_REQUEST[2:] + "  response:\n    status: 200\n"


def interaction(request: str = "", response: str = "") -> str:
    request = request or "    method: GET\n    url: https://api.example.com/v1/x\n"
    response = response or "    status: 200\n"
    return f"version: 1\ninteractions:\n- request:\n{request}  response:\n{response}"


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


URL = "    url: https://api.example.com/v1/x\n"
GET = "    method: GET\n"
#: name -> (file content, fragments the error must hold)
CORRUPT: dict[str, tuple[str | bytes, tuple[str, ...]]] = {
    "not yaml": ("interactions: [\n  {method: GET\n", ("line ", "not valid YAML")),
    "a list": ("- a\n- b\n", ("'interactions' list",)),
    "no interactions": ("version: 1\n", ("'interactions' list",)),
    "interactions a mapping": ("interactions: {a: 1}\n", ("'interactions' list",)),
    "interaction a string": ("interactions:\n- hello\n", ("interaction 1, line 2",)),
    "no request": (
        "interactions:\n- response: {status: 200}\n",
        ("interaction 1", "key 'request' must be a mapping"),
    ),
    "no response": (
        "interactions:\n- " + GOOD_REQUEST[2:],
        ("key 'response' must be a mapping",),
    ),
    "request a list": (
        "interactions:\n- request: [GET]\n  response: {}\n",
        ("key 'request' must be a mapping",),
    ),
    "no method": (interaction(URL), ("key 'request.method'",)),
    "method an int": (interaction("    method: 5\n" + URL), ("key 'request.method'",)),
    "method unknown": (
        interaction("    method: FETCH\n" + URL),
        ("'request.method' must be an HTTP method", "'FETCH'"),
    ),
    "no url": (interaction(GET), ("key 'request.url'",)),
    "url an int": (interaction(GET + "    url: 5\n"), ("key 'request.url'", "got 5")),
    "url a dict": (interaction(GET + "    url: {a: 1}\n"), ("key 'request.url'",)),
    "url relative": (interaction(GET + "    url: /v1/x\n"), ("absolute http(s) URL",)),
    "url bad ipv6": (
        interaction(GET + "    url: 'https://[::1/'\n"),
        ("'request.url' is not a valid URL",),
    ),
    "url bad port": (
        interaction(GET + "    url: 'https://a.example:99999/'\n"),
        ("'request.url' is not a valid URL",),
    ),
    "response headers a list": (
        interaction(response="    headers: [a, b]\n"),
        ("key 'response.headers' must be a mapping",),
    ),
    "header value an int": (
        interaction(response="    headers: {X-Count: 1}\n"),
        ("key 'response.headers.X-Count' must be text",),
    ),
    "header value a list": (
        interaction(response="    headers: {X-Ids: [1, 2]}\n"),
        ("key 'response.headers.X-Ids' must be text",),
    ),
    "request headers a string": (
        interaction(GET + URL + "    headers: Accept\n"),
        ("key 'request.headers' must be a mapping",),
    ),
    "status a string": (
        interaction(response="    status: ok\n"),
        ("key 'response.status'",),
    ),
    "status out of range": (
        interaction(response="    status: 999\n"),
        ("key 'response.status'", "999"),
    ),
    "status a bool": (
        interaction(response="    status: yes\n"),
        ("key 'response.status'",),
    ),
    "json holds a date": (
        interaction(response="    json: {when: 2026-12-01}\n"),
        ("key 'response.json' holds a date", "quote dates"),
    ),
    "json holds a set": (
        interaction(response="    json: !!set {a, b}\n"),
        ("key 'response.json' holds a set",),
    ),
    "body an int": (
        interaction(response="    body: 5\n"),
        ("key 'response.body' must be text",),
    ),
    "body a dict": (
        interaction(response="    body: {a: 1}\n"),
        ("key 'response.body' must be text", "use 'json' for data"),
    ),
    "body_base64 not base64": (
        interaction(response="    body_base64: '!!not base64!!'\n"),
        ("key 'response.body_base64' must be base64",),
    ),
    "body_base64 an int": (
        interaction(response="    body_base64: 12\n"),
        ("key 'response.body_base64' must be base64",),
    ),
    "json and body": (
        interaction(response="    json: {a: 1}\n    body: x\n"),
        ("key 'response.body' is given as well as 'json'",),
    ),
    "nested 5000 deep": (
        "interactions: " + deep(5000) + "\n",
        ("nested deeper than",),
    ),
    "json nested 80 deep": (
        interaction(response=f"    json: {deep(80)}\n"),
        ("key 'response.json' is nested deeper than 64 levels",),
    ),
    "duplicate keys": (
        interaction(response="    status: 200\n    status: 500\n"),
        ("line 8 cannot be used", "the key 'status' is given twice"),
    ),
    "alias bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "interactions: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
        ("more than 1,000,000 values",),
    ),
    "python tag": (
        "interactions: !!python/object/apply:os.getcwd []\n",
        ("not valid YAML",),
    ),
    "NUL character": ("interactions: []\n\x00", ("not valid YAML",)),
    "not UTF-8": (b"interactions: []\n# \xff\xfe\n", ("is not UTF-8 text",)),
}


class CorruptCassetteTest(SimpleTestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.dir = Path(folder.name)
        self.settings_ = override_settings(
            APIMOCK={"CASSETTE_DIR": str(self.dir), "RECORD_MODE": "none"}
        )
        self.settings_.enable()
        self.addCleanup(self.settings_.disable)

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.dir / f"{name.replace(' ', '_')}.yaml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def test_a_good_cassette_loads(self):
        path = self.write("good", GOOD)
        self.assertEqual(len(files.read(path).interactions), 1)
        Cassette(CassetteOptions("good"))

    def test_every_corruption_is_a_cassette_error_naming_file_and_key(self):
        self.assertGreaterEqual(len(CORRUPT), 34)
        for name, (content, fragments) in CORRUPT.items():
            with self.subTest(name):
                path = self.write(name, content)
                with self.assertRaises(CassetteError) as read:
                    files.read(path)
                message = str(read.exception)
                self.assertIn(f"cassette {path}", message)
                for fragment in fragments:
                    self.assertIn(fragment, message)
                with self.assertRaises(CassetteError):
                    Cassette(CassetteOptions(path.stem))

    def test_the_cassettes_command_reports_every_broken_file(self):
        for name, (content, _) in CORRUPT.items():
            self.write(name, content)
        self.write("good", GOOD)
        out = StringIO()
        with self.assertRaisesMessage(
            CommandError, f"{len(CORRUPT)} cassette(s) cannot be read."
        ):
            call_command("apimock", "cassettes", stdout=out)
        listed = out.getvalue()
        for name in CORRUPT:
            self.assertIn(f"  {name.replace(' ', '_')}: cassette ", listed)
        self.assertIn("  good: 1 interaction(s), not used by any test", listed)
