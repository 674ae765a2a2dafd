"""gRPC and WebSocket stubs that cannot work fail ``manage.py check``,
naming the stub and the key, with a did-you-mean where one helps."""

from __future__ import annotations

from django.core import checks
from django.test import SimpleTestCase, override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from apimock import mocked
from apimock.exceptions import StubError
from apimock.stubs.source import StubSource
from apimock.stubs.validation import validate_stub

GRPC_URL = "grpc://items.internal:50051/shop.v1.Items/GetItem"


class ProtocolChecksTestCase(SimpleTestCase):
    def reported(self, stub, error_id):
        with override_settings(APIMOCK={"STUBS": [stub]}):
            found = [m for m in checks.run_checks(tags=["apimock"]) if m.id == error_id]
        self.assertEqual(len(found), 1, found)
        self.assertIn('APIMOCK["STUBS"][0]', found[0].msg)
        return found[0]


class GrpcCheckTest(ProtocolChecksTestCase):
    def test_a_method_that_is_not_package_service_method(self):
        message = self.reported(
            {
                "method": "GRPC",
                "url": "grpc://items.internal:50051/shop.v1.Items.GetItem",
                "json": {},
            },
            "apimock.E025",
        )

        self.assertIn("key 'url'", message.msg)
        self.assertIn("'/shop.v1.Items.GetItem' is not a gRPC method", message.msg)
        self.assertEqual(message.hint, f"did you mean {GRPC_URL!r}?")

    def test_a_grpc_stub_with_an_http_url(self):
        message = self.reported(
            {
                "method": "GRPC",
                "url": "https://items.internal:50051/shop.v1.Items/GetItem",
            },
            "apimock.E025",
        )

        self.assertIn("must be grpc://target/package.Service/Method", message.msg)
        self.assertEqual(message.hint, f"did you mean {GRPC_URL!r}?")

    def test_an_unknown_status_code(self):
        message = self.reported(
            {"method": "GRPC", "url": GRPC_URL, "grpc_status": "NOTFOUND"},
            "apimock.E025",
        )

        self.assertIn("key 'grpc_status': 'NOTFOUND'", message.msg)
        self.assertEqual(message.hint, "did you mean 'NOT_FOUND'?")

    def test_a_grpc_status_on_an_http_stub(self):
        message = self.reported(
            {
                "method": "GET",
                "url": "https://api.example.com/x",
                "grpc_status": "NOT_FOUND",
            },
            "apimock.E025",
        )

        self.assertIn("is for a gRPC stub", message.msg)

    def test_api_add_raises_the_same_problem(self):
        with self.assertRaises(StubError) as caught, mocked() as api:
            api.add("GRPC", "grpc://items.internal/Items.Get.Item")

        self.assertIn("not a gRPC method", str(caught.exception))
        self.assertIn("grpc://items.internal/Items.Get/Item", str(caught.exception))

    def test_a_good_grpc_stub_passes(self):
        stub = {"method": "GRPC", "url": GRPC_URL, "grpc_status": 5}
        with override_settings(APIMOCK={"STUBS": [stub]}):
            found = checks.run_checks(tags=["apimock"])

        self.assertEqual(found, [])


WS_URL = "wss://stream.example.com/feed"


class WebSocketCheckTest(ProtocolChecksTestCase):
    def test_a_step_with_an_unknown_key(self):
        message = self.reported(
            {
                "method": "WEBSOCKET",
                "url": WS_URL,
                "conversation": [{"send": "hi"}, {"recieve": "ping", "send": "pong"}],
            },
            "apimock.E026",
        )

        self.assertIn("key 'conversation', step 1: unknown key 'recieve'", message.msg)
        self.assertEqual(message.hint, "did you mean 'receive'?")

    def test_a_bad_close_code_and_a_step_that_does_nothing(self):
        stub = {
            "method": "WEBSOCKET",
            "url": WS_URL,
            "conversation": [{"close": 99}, {"reason": "bye"}],
        }
        with override_settings(APIMOCK={"STUBS": [stub]}):
            found = [m.msg for m in checks.run_checks(tags=["apimock"])]

        self.assertTrue(
            any("step 0: key 'close' must be a close code" in m for m in found)
        )
        self.assertTrue(any("step 1 does nothing" in m for m in found), found)

    def test_a_websocket_stub_with_an_http_url(self):
        message = self.reported(
            {"method": "WEBSOCKET", "url": "https://stream.example.com/feed"},
            "apimock.E026",
        )

        self.assertIn("must start with ws:// or wss://", message.msg)

    def test_a_conversation_on_an_http_stub(self):
        message = self.reported(
            {"method": "GET", "url": WS_URL, "conversation": [{"send": "x"}]},
            "apimock.E026",
        )

        self.assertIn("is for a WebSocket stub", message.msg)

    def test_a_good_websocket_stub_passes(self):
        stub = {
            "method": "WEBSOCKET",
            "url": WS_URL,
            "conversation": [
                {"send": {"hello": 1}},
                {"receive": "ping", "send": "pong", "close": 1000, "reason": "ok"},
            ],
        }
        with override_settings(APIMOCK={"STUBS": [stub]}):
            self.assertEqual(checks.run_checks(tags=["apimock"]), [])


values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.binary(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
step_keys = st.sampled_from(["send", "receive", "close", "reason", "recieve", "x"])


class AnyInputTest(SimpleTestCase):
    """Whatever a stub file holds, the checks report it or accept it: never a
    traceback from inside apimock."""

    def assertProblemsOrNone(self, stub, error_id):
        problems = validate_stub(stub, StubSource("settings", 0))
        for problem in problems:
            self.assertTrue(problem.id.startswith("apimock.E"), problem)
        try:
            with mocked() as api:
                api.add(
                    **{"method": stub["method"]},
                    **{k: v for k, v in stub.items() if k != "method"},
                )
        except StubError:
            self.assertTrue(problems)  # api.add refuses what the checks report
        return problems

    @settings(max_examples=150, deadline=None)
    @given(
        st.one_of(
            values,
            st.lists(st.dictionaries(step_keys, values, max_size=4), max_size=4),
        )
    )
    def test_any_conversation(self, conversation):
        stub = {"method": "WEBSOCKET", "url": WS_URL, "conversation": conversation}
        problems = self.assertProblemsOrNone(stub, "apimock.E026")
        if not problems:
            self.assertIsInstance(conversation, list)

    @settings(max_examples=150, deadline=None)
    @given(st.text(max_size=30), values)
    def test_any_grpc_path_and_status(self, path, status):
        stub = {
            "method": "GRPC",
            "url": f"grpc://items.internal{path}",
            "grpc_status": status,
        }
        problems = self.assertProblemsOrNone(stub, "apimock.E025")
        if not problems:
            self.assertRegex(path, r"^/([A-Za-z_]\w*\.)*[A-Za-z_]\w*/[A-Za-z_]\w*$")

    @settings(max_examples=200, deadline=None)
    @given(
        st.sampled_from(["https", "http", "htps", "HTTPS", "ftp", "wss", "", "h"]),
        st.lists(
            st.sampled_from(["api", ".", "example", "net", " ", "\t", "@", ":8000"]),
            max_size=5,
        ).map("".join),
        st.sampled_from(["", "/v1", "/v1/{id}", "?q=1", "/{settings.X", "#a"]),
    )
    def test_any_http_url(self, scheme, host, rest):
        url = f"{scheme}://{host}{rest}"
        problems = self.assertProblemsOrNone({"method": "GET", "url": url}, "")
        if not problems:
            self.assertIn(scheme.lower(), ("http", "https"))
            self.assertRegex(host.rpartition("@")[2], r"^\S+$")
