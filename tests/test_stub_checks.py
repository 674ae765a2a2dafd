"""Bad stubs fail ``manage.py check`` naming the file, the stub, the key and a fix."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core import checks
from django.test import SimpleTestCase, override_settings

from apimock import MockedAPITestCase
from apimock.exceptions import StubError

URL = "https://api.example.com/v1/items"


def check_file(text: str) -> list[checks.CheckMessage]:
    """The apimock check messages for a stub file holding ``text``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stubs.yaml"
        path.write_text(text)
        with override_settings(APIMOCK={"STUBS": [str(path)]}):
            return checks.run_checks(tags=["apimock"])


class StubFileCheckTest(SimpleTestCase):
    def assertReported(self, text, error_id, *fragments, hint=None):
        found = check_file(text)
        matching = [m for m in found if m.id == error_id]
        self.assertEqual(len(matching), 1, found)
        [message] = matching
        self.assertIn("stubs.yaml:3, stubs[1]", message.msg)
        for fragment in fragments:
            self.assertIn(fragment, message.msg)
        if hint is not None:
            self.assertEqual(message.hint, hint)

    def stubs(self, second: str) -> str:
        # The problem is always in the second stub (index 1), on line 3.
        return f"- method: GET\n  url: {URL}\n" + second

    def test_unknown_key_with_did_you_mean(self):
        self.assertReported(
            self.stubs(f"- method: GET\n  url: {URL}\n  stauts: 404\n"),
            "apimock.E009",
            "unknown key 'stauts'",
            hint="did you mean 'status'?",
        )

    def test_unknown_match_rule_with_did_you_mean(self):
        self.assertReported(
            self.stubs(f"- method: GET\n  url: {URL}\n  match: {{quary: {{a: 1}}}}\n"),
            "apimock.E009",
            "'quary'",
            hint="did you mean 'query'?",
        )

    def test_wrong_type(self):
        self.assertReported(
            self.stubs(f"- method: GET\n  url: {URL}\n  times: many\n"),
            "apimock.E010",
            "'times'",
        )

    def test_unknown_template_variable(self):
        self.assertReported(
            self.stubs(
                f"- method: GET\n  url: {URL}\n  json: {{a: '{{request.jsn.a}}'}}\n"
            ),
            "apimock.E011",
            "key 'json'",
            "{request.jsn.a}",
        )

    def test_a_path_parameter_the_url_does_not_capture(self):
        self.assertReported(
            self.stubs(
                f"- method: GET\n  url: {URL}/{{id}}\n"
                "  json: {id: '{request.path.idd}'}\n"
            ),
            "apimock.E011",
            "key 'json' uses {request.path.idd}",
            "captures no parameter 'idd'",
            hint="did you mean 'id'?",
        )

    def test_a_path_parameter_from_a_url_that_captures_none(self):
        self.assertReported(
            self.stubs(
                f"- method: GET\n  url_prefix: {URL}\n"
                "  headers: {X-Id: '{request.path.id}'}\n"
            ),
            "apimock.E011",
            "key 'headers' uses {request.path.id}",
            hint="Only a 'url' with {name} path segments or a 'url_regex' with "
            "named groups (?P<name>...) captures path parameters.",
        )

    def test_invalid_regex(self):
        self.assertReported(
            self.stubs("- method: GET\n  url_regex: 'https://x/(unclosed'\n"),
            "apimock.E015",
            "key 'url_regex' is not a valid regex",
        )

    def test_body_file_missing(self):
        self.assertReported(
            self.stubs(f"- method: GET\n  url: {URL}\n  body_file: nowhere.json\n"),
            "apimock.E016",
            "nowhere.json",
        )

    def test_callable_that_cannot_be_imported(self):
        self.assertReported(
            self.stubs(f"- method: GET\n  url: {URL}\n  callback: tests.nope.answer\n"),
            "apimock.E018",
            "tests.nope.answer",
        )

    def test_impossible_scenario_transition(self):
        self.assertReported(
            self.stubs(
                f"- method: GET\n  url: {URL}\n  scenario: order\n  state: shiped\n"
            )
            + f"- method: POST\n  url: {URL}\n  scenario: order\n"
            "  next_state: shipped\n",
            "apimock.E017",
            "scenario 'order' never reaches state 'shiped'",
            hint="did you mean 'shipped'?",
        )

    def test_a_stream_beside_a_body(self):
        self.assertReported(
            self.stubs(
                f"- method: GET\n  url: {URL}\n  body: hello\n"
                "  events: [{data: hello}]\n"
            ),
            "apimock.E027",
            "key 'events' streams the body, so 'body' cannot be given beside it",
        )

    def test_an_event_that_is_not_a_mapping(self):
        self.assertReported(
            self.stubs(
                f"- method: GET\n  url: {URL}\n  events:\n    - {{data: one}}\n"
                "    - two\n"
            ),
            "apimock.E027",
            "key 'events[1]' must be an event, a dict with event, data, id, retry; "
            "got str 'two'",
        )

    def test_an_unknown_event_key_with_did_you_mean(self):
        self.assertReported(
            self.stubs(
                f"- method: GET\n  url: {URL}\n  responses:\n"
                "    - events: [{evnet: message, data: hi}]\n"
            ),
            "apimock.E027",
            "unknown key 'evnet' in responses[0].events[0]",
            hint="did you mean 'event'?",
        )

    def test_chunks_that_are_not_text(self):
        self.assertReported(
            self.stubs(f"- method: GET\n  url: {URL}\n  chunks: [one, {{two: 2}}]\n"),
            "apimock.E027",
            "key 'chunks[1]' must be a string or bytes, got dict",
        )

    def test_a_good_stream_file_is_clean(self):
        self.assertEqual(
            check_file(
                self.stubs(
                    f"- method: POST\n  url: {URL}\n  events:\n"
                    "    - {event: delta, data: {text: '{request.json.q}'}, id: '1'}\n"
                    "    - {data: '[DONE]', retry: 100}\n"
                    "  fault: connection_reset\n"
                    f"- method: GET\n  url: {URL}/raw\n  chunks: [one, two]\n"
                )
            ),
            [],
        )

    def test_a_good_file_is_clean(self):
        self.assertEqual(
            check_file(
                self.stubs(
                    f"- method: GET\n  url: {URL}/{{id}}\n"
                    "  json: {id: '{request.path.id}'}\n  times: 2\n"
                    "- method: GET\n  url_regex: 'https://x/(?P<sku>[a-z]+)'\n"
                    "  body: '{request.path.sku}'\n"
                )
            ),
            [],
        )


class AddCheckTest(MockedAPITestCase):
    """``self.api.add`` raises the same problems at once, as StubError."""

    def test_the_same_problems_in_api_add(self):
        cases = {
            "did you mean 'status'": {"stauts": 404},
            "key 'url_regex' is not a valid regex": {"url_regex": "(", "url": None},
            "{request.jsn.a}": {"json": {"a": "{request.jsn.a}"}},
            "'times' must be a whole number, 1 or more, got int 0": {"times": 0},
            "'priority' must be a whole number, 0 or more": {"priority": -1},
            "'delay' must be a number of seconds, 0 or more": {"delay": -0.5},
            "captures no parameter 'sku'": {"body": "{request.path.sku}"},
            "so 'json' cannot be given beside it": {"json": {}, "events": []},
            "key 'events[0]' must be an event": {"events": ["data: hi"]},
            "unknown key 'dat' in events[0]. did you mean 'data'?": {
                "events": [{"dat": "hi"}]
            },
            "key 'events' must be a list": {"events": iter([{"data": "hi"}])},
            "fault 'malformed_json' cuts a JSON body short": {
                "chunks": ["a"],
                "fault": "malformed_json",
            },
        }
        for fragment, keys in cases.items():
            with self.subTest(fragment), self.assertRaisesMessage(StubError, fragment):
                self.api.add("GET", keys.pop("url", URL), **keys)
