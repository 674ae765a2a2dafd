"""Braces in stubs: only a placeholder is a placeholder; every other brace is text."""

from __future__ import annotations

import requests
from django.conf import settings
from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from apimock import MockedAPITestCase
from apimock.exceptions import StubError
from apimock.stubs import templates

URL = "https://braces.example.com/v1"


class BracesAreTextTest(MockedAPITestCase):
    def test_a_json_body_pasted_as_text_is_sent_as_written(self):
        self.api.add(
            "GET",
            URL,
            body='{"message": "ok", "data": {"id": 1}}',
            content_type="application/json",
        )

        self.assertEqual(
            requests.get(URL, timeout=1).json(), {"message": "ok", "data": {"id": 1}}
        )

    def test_braces_inside_json_values_are_text(self):
        sent = {"Subject": "Hi {name}", "Handlebars": "Hi {{name}}", "empty": "{}"}
        self.api.add("GET", URL, json=sent)

        self.assertEqual(requests.get(URL, timeout=1).json(), sent)

    def test_braces_in_a_match_are_text(self):
        self.api.add("POST", URL, match={"json": {"template": "Hi {name}"}}, json=1)

        response = requests.post(URL, json={"template": "Hi {name}"}, timeout=1)

        self.assertEqual(response.json(), 1)

    def test_a_regex_quantifier_is_a_quantifier(self):
        self.api.add("GET", url_regex=URL + r"/\d{3}", json="three digits")

        self.assertEqual(requests.get(URL + "/123", timeout=1).json(), "three digits")

    def test_placeholders_still_work_beside_text_braces(self):
        self.api.add(
            "POST",
            URL + "/{id}",
            body='{"id": "{request.path.id}", "key": "{settings.AUTH_KEY}"}',
        )

        response = requests.post(URL + "/42", timeout=1)

        self.assertEqual(response.json(), {"id": "42", "key": settings.AUTH_KEY})

    def test_doubled_braces_around_a_placeholder_are_its_text(self):
        self.api.add(
            "GET", URL, json=["{{settings.AUTH_KEY}}", "{{request.json.x}}", "{{x}}"]
        )

        self.assertEqual(
            requests.get(URL, timeout=1).json(),
            ["{settings.AUTH_KEY}", "{request.json.x}", "{{x}}"],
        )

    def test_a_doubled_path_parameter_is_literal_text_in_the_url(self):
        self.api.add("GET", URL + "/{{id}}", json="literal")

        self.assertEqual(requests.get(URL + "/{id}", timeout=1).json(), "literal")


class NearMissesAreErrorsTest(MockedAPITestCase):
    def assertStubError(self, *fragments, **stub):
        with self.assertRaises(StubError) as caught:
            self.api.add("GET", **{"url": URL, **stub})
        for fragment in fragments:
            self.assertIn(fragment, str(caught.exception))

    def test_a_misspelt_settings_placeholder(self):
        self.assertStubError(
            "{setting.AUTH_KEY} in '{setting.AUTH_KEY}' is not a placeholder",
            "did you mean {settings.AUTH_KEY}?",
            "write {{setting.AUTH_KEY}}",
            json={"key": "{setting.AUTH_KEY}"},
        )

    def test_a_misspelt_request_placeholder(self):
        self.assertStubError(
            "did you mean {request.json.x}?", body="echo {requests.json.x}"
        )
        self.assertStubError(
            "the request has no part 'jsn'; did you mean {request.json.a}?",
            json="{request.jsn.a}",
        )

    def test_a_capitalised_placeholder(self):
        self.assertStubError(
            "did you mean {settings.API_URL}?", url="{Settings.API_URL}"
        )

    def test_a_request_placeholder_outside_a_response(self):
        self.assertStubError(
            "only a response's json, body, headers and content_type may use it",
            match={"json": {"a": "{request.json.a}"}},
        )

    def test_a_url_parameter_that_is_not_a_name(self):
        self.assertStubError(
            "a path parameter's name is a Python identifier, as in {item_id}",
            url=URL + "/{item-id}",
        )


# Text made of what the parser reacts to: braces, placeholder words, dots.
_PIECES = st.sampled_from(
    [
        "{",
        "}",
        "{{",
        "}}",
        "settings.X",
        "setting.X",
        "request.json.a",
        "request",
        "requests.body",
        "id",
        "item-id",
        "a b",
        '"k": 1',
        ".",
        "x",
    ]
)


class EscapeTest(SimpleTestCase):
    @examples(deadline=None)  # a shared machine is slow at times
    @given(st.lists(_PIECES, max_size=12).map("".join), st.booleans(), st.booleans())
    def test_escaped_text_reads_back_as_itself(self, text, params, request):
        escaped = templates.escape(text, params=params, request=request)

        parsed = templates.parse(escaped, params=params, request=request)

        self.assertEqual("".join(parsed.parts), text)
        self.assertTrue(all(isinstance(part, str) for part in parsed.parts))

    @examples(deadline=None)  # a shared machine is slow at times
    @given(st.text(max_size=40), st.booleans(), st.booleans())
    def test_any_text_parses_or_says_which_placeholder_is_wrong(
        self, text, params, request
    ):
        try:
            parsed = templates.parse(text, params=params, request=request)
        except templates.TemplateError as error:
            self.assertIn("{", str(error))
            return
        for part in parsed.parts:
            if not isinstance(part, str):
                shown = (
                    str(part)
                    if isinstance(part, templates.RequestRef)
                    else (
                        f"settings.{part.name}"
                        if isinstance(part, templates.Setting)
                        else part.name
                    )
                )
                self.assertIn("{" + shown + "}", text)

    @examples(deadline=None)  # a shared machine is slow at times
    @given(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=40))
    def test_text_without_braces_is_itself(self, text):
        self.assertEqual("".join(templates.parse(text, request=True).parts), text)
