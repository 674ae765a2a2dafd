"""Property-based: whatever a stream stub holds, a bad one is a clear
apimock.E027 or StubError naming the key, never a traceback from inside
apimock, and a good one streams back exactly what it says."""

from __future__ import annotations

import json

import requests
from django.test import SimpleTestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import apimock
from apimock.exceptions import StubError
from apimock.stubs.source import StubSource
from apimock.stubs.validation import validate_stub

URL = "https://stream.example.com/v1/anything"
SOURCE = StubSource("api.add", 0)

# Braces are left out: in a stub, "{" starts a placeholder.
text = st.text(st.characters(exclude_characters="{}"), max_size=8)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | text,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
anything = (
    json_values
    | st.text(max_size=8)
    | st.binary(max_size=8)
    | st.floats(allow_nan=False)
)
events = st.lists(
    st.dictionaries(
        st.sampled_from(["event", "data", "id", "retry", "dat", "type"]),
        anything,
        max_size=4,
    )
    | anything,
    max_size=4,
)
fast = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


class StreamStubPropertyTest(SimpleTestCase):
    # hypothesis runs many examples per test: each gets a mock of its own.
    @fast
    @given(key=st.sampled_from(["events", "chunks"]), value=events | anything)
    def test_any_stream_value_is_checked_without_a_traceback(self, key, value):
        stub = {"method": "GET", "url": URL, key: value}
        problems = validate_stub(stub, SOURCE)
        for problem in problems:
            self.assertIn(problem.id, {"apimock.E027", "apimock.E011"})
            self.assertIn(key, problem.message)
        if problems:
            with apimock.mocked() as api, self.assertRaises(StubError):
                api.add("GET", URL, **{key: value})

    @fast
    @given(
        st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "event": st.from_regex(r"[a-z_.]{1,10}", fullmatch=True),
                    "id": st.from_regex(r"[0-9a-f]{1,6}", fullmatch=True),
                    "data": json_values,
                    "retry": st.integers(0, 10_000),
                },
            ),
            min_size=1,
            max_size=4,
        )
    )
    def test_a_valid_stream_arrives_event_by_event(self, sent):
        self.assertEqual(
            validate_stub({"method": "GET", "url": URL, "events": sent}, SOURCE), []
        )
        with apimock.mocked() as api:
            api.add("GET", URL, events=sent)
            body = requests.get(URL, timeout=5).text

        blocks = body.split("\n\n")
        self.assertEqual(blocks[-1], "")
        self.assertEqual(len(blocks) - 1, len(sent))
        for block, event in zip(blocks, sent, strict=False):
            lines = block.split("\n")
            if "event" in event:
                self.assertIn(f"event: {event['event']}", lines)
            if "data" in event and not isinstance(event["data"], str):
                data = [line[6:] for line in lines if line.startswith("data: ")]
                self.assertEqual(json.loads("\n".join(data)), event["data"])
