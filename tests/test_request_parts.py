"""What a call's request holds: form lists, multipart parts and credentials,
from the real clients."""

from __future__ import annotations

import httpx
import requests
from django.test import SimpleTestCase
from hypothesis import example, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from apimock import MockedAPITestCase
from apimock.request import APIRequest, BasicAuth, BearerAuth

URL = "https://parts.example.com/v3/messages"
PNG = b"\x89PNG\r\n\x1a\n\x00{}\xff--boundary"


class FormListTest(MockedAPITestCase):
    def test_getlist_gives_every_value_however_many_were_sent(self):
        self.api.add("POST", URL)

        requests.post(URL, data={"to": ["a@x"], "cc": ["b@x", "c@x"], "s": "Hi"})

        form = self.api.calls[0].request.form
        self.assertEqual(form, {"to": "a@x", "cc": ["b@x", "c@x"], "s": "Hi"})
        self.assertEqual(form.getlist("to"), ["a@x"])
        self.assertEqual(form.getlist("cc"), ["b@x", "c@x"])
        self.assertEqual(form.getlist("bcc"), [])

    def test_query_parameters_have_getlist_too(self):
        self.api.add("GET", URL)

        requests.get(URL, params={"tag": ["a"]})

        self.assertEqual(self.api.calls[0].request.params.getlist("tag"), ["a"])

    def test_match_form_with_a_list_matches_a_field_sent_once(self):
        self.api.add("POST", URL, match={"form": {"to": ["a@x"]}}, json="one")
        self.api.add("POST", URL, match={"form": {"to": ["a@x", "b@x"]}}, json="two")

        once = requests.post(URL, data={"to": ["a@x"]}).json()
        twice = requests.post(URL, data={"to": ["a@x", "b@x"]}).json()

        self.assertEqual((once, twice), ("one", "two"))

    def test_match_form_with_one_value_misses_a_field_sent_twice(self):
        self.api.add("POST", URL, match={"form": {"to": "a@x"}})

        with self.assertRaises(AssertionError) as caught:
            requests.post(URL, data={"to": ["a@x", "b@x"]})

        self.assertIn("form to was sent 2 times", str(caught.exception))
        self.api.misses.clear()

    def test_match_form_still_reads_a_json_field(self):
        self.api.add(
            "POST", URL, match={"form": {"meta": {"a": 1}, "ids": [1, 2]}}, json=1
        )

        response = requests.post(
            URL, data={"meta": '{"a": 1, "b": 2}', "ids": "[1, 2]"}
        )

        self.assertEqual(response.json(), 1)


class MultipartTest(MockedAPITestCase):
    def send(self):
        return requests.post(
            URL,
            data={"subject": "Hi", "to": ["a@x", "b@x"]},
            files=[
                (
                    "attachment",
                    (
                        "notes.txt",
                        "café".encode("iso-8859-1"),
                        "text/plain; charset=iso-8859-1",
                    ),
                ),
                ("attachment", ("logo.png", PNG, "image/png")),
                ("inline", (None, b"%PDF-1.4", "application/pdf")),
            ],
            timeout=1,
        )

    def test_every_part_in_order_with_its_bytes(self):
        self.api.add("POST", URL)
        self.send()

        parts = self.api.calls[0].request.files

        self.assertEqual(
            [(p.name, p.filename, p.content_type, p.content) for p in parts],
            [
                ("subject", None, "", b"Hi"),
                ("to", None, "", b"a@x"),
                ("to", None, "", b"b@x"),
                ("attachment", "notes.txt", "text/plain", b"caf\xe9"),
                ("attachment", "logo.png", "image/png", PNG),
                ("inline", None, "application/pdf", b"%PDF-1.4"),
            ],
        )
        self.assertEqual(parts[3].text, "café")
        self.assertEqual(
            parts[3].headers["content-type"], "text/plain; charset=iso-8859-1"
        )

    def test_the_form_is_the_parts_without_a_filename(self):
        self.api.add("POST", URL)
        self.send()

        form = self.api.calls[0].request.form

        self.assertEqual(form.getlist("to"), ["a@x", "b@x"])
        self.assertEqual(form["subject"], "Hi")
        self.assertNotIn("attachment", form)

    def test_httpx_parts_read_the_same(self):
        self.api.add("POST", URL)
        with httpx.Client() as client:
            client.post(
                URL,
                data={"subject": "Hi"},
                files=[("attachment", ('we"ird é.txt', b"x", "text/plain"))],
            )

        parts = self.api.calls[0].request.files

        self.assertEqual(
            [(p.name, p.filename) for p in parts],
            [("subject", None), ("attachment", 'we"ird é.txt')],
        )

    def test_match_parts_of_one_name_in_order_on_bytes(self):
        self.api.add(
            "POST",
            URL,
            match={
                "multipart": {
                    "attachment": [
                        {"filename": "notes.txt", "content": "café"},
                        {
                            "filename": "logo.png",
                            "content": PNG,
                            "content_type": "image/png",
                        },
                    ],
                    "inline": b"%PDF-1.4",
                }
            },
            status=202,
        )

        self.assertEqual(self.send().status_code, 202)

    def test_a_part_in_the_wrong_place_misses_and_says_which(self):
        self.api.add(
            "POST",
            URL,
            match={"multipart": {"attachment": [{"filename": "logo.png"}, {}]}},
        )

        with self.assertRaises(AssertionError) as caught:
            self.send()

        self.assertIn(
            "multipart attachment[0] filename differs: 'notes.txt' vs 'logo.png'",
            str(caught.exception),
        )
        self.api.misses.clear()

    def test_non_utf8_text_matches_as_its_charset_decodes_it(self):
        self.api.add(
            "POST",
            URL,
            match={"multipart": {"attachment": {"content": "café"}}},
            status=202,
        )

        self.assertEqual(self.send().status_code, 202)

    def test_a_malformed_body_has_the_parts_read_before_the_damage(self):
        request = APIRequest(
            "POST",
            URL,
            {"Content-Type": "multipart/form-data; boundary=b"},
            b'--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1'
            b"\r\n--b\r\nbroken",
        )

        self.assertEqual([(p.name, p.content) for p in request.files], [("a", b"1")])


class AuthTest(MockedAPITestCase):
    def test_basic_auth_is_the_pair_requests_was_given(self):
        self.api.add("GET", URL)

        requests.get(URL, auth=("api", "sécret"))
        httpx.get(URL, auth=("api", "sécret"))

        for call in self.api.calls:
            self.assertEqual(call.request.auth, ("api", "sécret"))
            self.assertEqual(call.request.auth, BasicAuth("api", "sécret"))
            self.assertEqual(call.request.auth.username, "api")

    def test_a_bearer_token(self):
        self.api.add("GET", URL)

        requests.get(URL, headers={"Authorization": "Bearer tok_123"})

        self.assertEqual(self.api.calls[0].request.auth, BearerAuth("tok_123"))
        self.assertEqual(self.api.calls[0].request.auth.token, "tok_123")

    def test_no_auth_or_another_scheme_is_none(self):
        for headers in (
            {},
            {"Authorization": "Digest x=1"},
            {"Authorization": "Basic not-base64!"},
        ):
            request = APIRequest("GET", URL, headers)
            self.assertIsNone(request.auth, headers)


# No "%": urllib3 and httpx write a quote in a name as %22 (HTML5's form
# encoding), so a name that holds "%22" itself cannot be told from one.
_NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="%"),
    min_size=1,
    max_size=8,
)


def _encoded_by(client: str, sent: list[tuple[str, str | None, bytes]]) -> APIRequest:
    """``sent`` (name, filename, content) as ``client``'s multipart encoder
    writes it: requests (urllib3's HTML5 form encoding, a backslash as it
    is) or httpx (a backslash doubled)."""
    files = [(name, (filename, content)) for name, filename, content in sent]
    if client == "requests":
        prepared = requests.Request("POST", URL, files=files or None).prepare()
        headers, body = dict(prepared.headers), prepared.body or b""
    else:
        built = httpx.Request("POST", URL, files=files or None)
        headers, body = dict(built.headers), built.read()
    return APIRequest("POST", URL, headers, body, client=client)


class MultipartPropertyTest(SimpleTestCase):
    @examples(deadline=None)  # a shared machine is slow at times
    @given(
        st.lists(
            st.tuples(_NAMES, st.one_of(st.none(), _NAMES), st.binary(max_size=40)),
            max_size=5,
        )
    )
    @example([('a "quoted" \\ name', 'file "x".txt', b"\r\n--")])
    # A name that ends in a backslash: urllib3 writes 'name="\"; filename="0"'.
    @example([("\\", "0", b"")])
    def test_what_requests_and_httpx_encode_reads_back_part_for_part(self, sent):
        for client in ("requests", "httpx"):
            request = _encoded_by(client, sent)
            self.assertEqual(
                [(p.name, p.filename, p.content) for p in request.files], sent, client
            )

    def test_quoted_pairs_and_rfc_2231_names_read_as_meant(self):
        # An RFC 822 quoted-string (aiohttp's quoted_string, the email package).
        for disposition, name, filename in (
            (r'form-data; name="a \"b\" c"; filename="x"', 'a "b" c', "x"),
            (
                "form-data; name=plain; filename*=UTF-8''caf%C3%A9.txt",
                "plain",
                "café.txt",
            ),
            (
                'form-data; filename="old.txt"; name="n"; filename*=utf-8\'\'new.txt',
                "n",
                "new.txt",
            ),
        ):
            body = (
                f"--b\r\nContent-Disposition: {disposition}\r\n\r\nx\r\n--b--\r\n"
            ).encode()
            request = APIRequest(
                "POST", URL, {"Content-Type": "multipart/form-data; boundary=b"}, body
            )
            with self.subTest(disposition):
                self.assertEqual(
                    [(p.name, p.filename) for p in request.files], [(name, filename)]
                )

    @examples(deadline=None)  # a shared machine is slow at times
    @given(st.binary(max_size=200), st.sampled_from(["b", "", 'x"y']))
    def test_any_body_reads_without_an_error(self, body, boundary):
        content_type = f'multipart/form-data; boundary="{boundary}"'
        request = APIRequest("POST", URL, {"Content-Type": content_type}, body)

        for part in request.files:
            self.assertIsInstance(part.content, bytes)
        self.assertIsInstance(request.form, dict)
