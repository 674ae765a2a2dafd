"""websockets (asyncio) and websocket-client against a canary: a WebSocket
stub accepts the handshake and plays its conversation; nothing reaches the
canary, and an unstubbed URL is UnmatchedRequest naming it."""

from __future__ import annotations

import asyncio
import json

import websocket
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from apimock.exceptions import mark_reported
from tests.test_httplib2 import CanaryTestCase

CONVERSATION = [
    {"send": "welcome"},
    {"receive": "ping", "send": "pong"},
    {"receive": {"type": "subscribe", "channel": "prices"}, "send": {"price": 42}},
    {"send": b"\x00\x01binary"},
    {"receive": "bye", "close": 1000, "reason": "done"},
]


def close(ws: websocket.WebSocket) -> None:
    """websocket-client's close() and its socket's: once it has answered the
    server's close frame, close() returns at once and leaves the socket to
    the garbage collector (an "unclosed socket" ResourceWarning), against a
    real server as against apimock's peer."""
    ws.close()
    ws.shutdown()


class WebSocketTestCase(CanaryTestCase):
    def setUp(self):
        super().setUp()
        self.url = f"ws://127.0.0.2:{self.canary.port}/feed"

    def add_conversation(self, url=None, conversation=CONVERSATION, **more):
        self.api.add("WEBSOCKET", url or self.url, conversation=conversation, **more)

    def assertOneMiss(self, *fragments):
        [miss] = self.api.misses
        for fragment in fragments:
            self.assertIn(fragment, str(miss))
        mark_reported(miss)


class WebsocketClientTest(WebSocketTestCase):
    def test_unstubbed_is_refused_naming_the_url(self):
        with self.assertUnmatched() as caught:
            websocket.create_connection(self.url, timeout=5)

        self.assertIn(f"WEBSOCKET {self.url}", str(caught.exception))
        self.assertCanaryUntouched()

    def test_a_scripted_conversation(self):
        self.add_conversation(match={"headers": {"Authorization": "Bearer t"}})

        ws = websocket.create_connection(
            self.url, timeout=5, header=["Authorization: Bearer t"]
        )
        try:
            self.assertEqual(ws.recv(), "welcome")
            ws.send("ping")
            self.assertEqual(ws.recv(), "pong")
            ws.send(json.dumps({"channel": "prices", "type": "subscribe"}))
            self.assertEqual(json.loads(ws.recv()), {"price": 42})
            self.assertEqual(ws.recv(), b"\x00\x01binary")
            ws.send("bye")
            opcode, frame = ws.recv_data_frame(control_frame=True)
        finally:
            close(ws)

        self.assertEqual(opcode, websocket.ABNF.OPCODE_CLOSE)
        self.assertEqual(frame.data, b"\x03\xe8done")  # 1000, "done"
        self.assertAPICalled("WEBSOCKET", self.url, times=1)
        self.assertEqual(self.api.calls[0].client, "websocket-client")
        self.assertCanaryUntouched()

    def test_wss_too(self):
        url = f"wss://127.0.0.2:{self.canary.port}/secure"
        self.add_conversation(url, [{"send": "hi"}])

        ws = websocket.create_connection(url, timeout=5)
        self.assertEqual(ws.recv(), "hi")
        ws.close()

        self.assertCanaryUntouched()

    def test_an_unexpected_message_is_a_miss_and_closes_with_1008(self):
        self.add_conversation()

        ws = websocket.create_connection(self.url, timeout=5)
        ws.recv()
        ws.send("hello?")
        opcode, frame = ws.recv_data_frame(control_frame=True)
        close(ws)

        self.assertEqual(opcode, websocket.ABNF.OPCODE_CLOSE)
        self.assertEqual(frame.data[:2], (1008).to_bytes(2, "big"))
        self.assertOneMiss(
            # The stub is named by the line that added it (add_conversation's).
            f"WEBSOCKET {self.url}: api.add() at tests/test_websockets.py:",
            ": step 1 expects the client to send 'ping', and it sent 'hello?'",
        )

    def test_a_refused_handshake(self):
        self.add_conversation(status=403)

        with self.assertRaises(websocket.WebSocketBadStatusException) as caught:
            websocket.create_connection(self.url, timeout=5)

        self.assertEqual(caught.exception.status_code, 403)


class WebsocketsAsyncioTest(WebSocketTestCase):
    def test_unstubbed_is_refused_naming_the_url(self):
        async def connect():
            async with websockets.connect(self.url, open_timeout=5):
                pass

        with self.assertUnmatched() as caught:
            asyncio.run(connect())

        self.assertIn(f"WEBSOCKET {self.url}", str(caught.exception))
        self.assertCanaryUntouched()

    def test_a_scripted_conversation(self):
        url = f"wss://127.0.0.2:{self.canary.port}/feed"
        self.add_conversation(url)

        async def converse():
            async with websockets.connect(url, open_timeout=5) as ws:
                heard = [await ws.recv()]
                await ws.send("ping")
                heard.append(await ws.recv())
                await ws.send(json.dumps({"type": "subscribe", "channel": "prices"}))
                heard.append(json.loads(await ws.recv()))
                heard.append(await ws.recv())
                await ws.send("bye")
                try:
                    await ws.recv()
                except ConnectionClosed as closed:
                    heard.append((closed.rcvd.code, closed.rcvd.reason))
                return heard

        heard = asyncio.run(converse())

        self.assertEqual(
            heard, ["welcome", "pong", {"price": 42}, b"\x00\x01binary", (1000, "done")]
        )
        self.assertEqual(self.api.calls[0].client, "websockets")
        self.assertCanaryUntouched()

    def test_an_unexpected_message_is_a_miss(self):
        self.add_conversation()

        async def converse():
            async with websockets.connect(self.url, open_timeout=5) as ws:
                await ws.recv()
                await ws.send(json.dumps({"type": "unsubscribe"}))
                try:
                    await ws.recv()
                except ConnectionClosed as closed:
                    return closed.rcvd.code

        self.assertEqual(asyncio.run(converse()), 1008)
        self.assertOneMiss(f"WEBSOCKET {self.url}", "expects the client to send 'ping'")

    def test_a_refused_handshake(self):
        self.add_conversation(status=401)

        async def connect():
            async with websockets.connect(self.url, open_timeout=5):
                pass

        with self.assertRaises(InvalidStatus) as caught:
            asyncio.run(connect())

        self.assertEqual(caught.exception.response.status_code, 401)
