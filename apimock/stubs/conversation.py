"""WebSockets in the stub language: ``{"method": "WEBSOCKET", "url":
"wss://...", "conversation": [...]}``.

A conversation is a list of steps, played in order once the handshake is
accepted. Each step is a mapping of:

``send``
    A message the server sends: text, a dict or list (sent as JSON text) or
    bytes (a binary message).
``receive``
    What the client must send next (text, or a dict or list compared with
    the client's message parsed as JSON). The step's ``send`` and ``close``
    answer it.
``close``, ``reason``
    The server closes the connection with this code (1000 to 4999) and reason.

Steps without ``receive`` run as soon as the step before them has: the
first ones when the client connects. A client message that the next step
does not expect is a miss: the test fails naming the stub, the step and the
message, and the client sees the connection closed with 1008.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

METHOD = "WEBSOCKET"
SCHEMES = ("ws", "wss")
STEP_KEYS = ("send", "receive", "close", "reason")
#: A message: text or bytes.
Message = str | bytes


@dataclass(frozen=True)
class Send:
    message: Message


@dataclass(frozen=True)
class Close:
    code: int
    reason: str = ""


Action = Send | Close


class ConversationMiss(Exception):
    """A client message the conversation did not expect."""


def encode(value: Any) -> Message:
    """A step's ``send`` as the message on the wire."""
    if isinstance(value, (str, bytes)):
        return value
    return json.dumps(value)


class Conversation:
    """One connection's progress through a stub's steps (one per connection)."""

    def __init__(self, label: str, steps: Sequence[Mapping[str, Any]]) -> None:
        self._label = label
        self._steps = list(steps)
        self._next = 0
        self.closed = False

    def opening(self) -> list[Action]:
        """What the server does as soon as the handshake is accepted."""
        return self._run()

    def reply(self, message: Message) -> list[Action]:
        """The server's answer to a client message; ConversationMiss if the
        next step does not expect it."""
        step = self._steps[self._next] if self._next < len(self._steps) else None
        if step is None or "receive" not in step:
            raise ConversationMiss(
                f"{self._label}: the client sent {message!r}, and the conversation "
                f"expects nothing more from it (after step {self._next})."
            )
        if not _same(step["receive"], message):
            raise ConversationMiss(
                f"{self._label}: step {self._next} expects the client to send "
                f"{step['receive']!r}, and it sent {message!r}."
            )
        return self._run(answering=True)

    def _run(self, answering: bool = False) -> list[Action]:
        actions: list[Action] = []
        while self._next < len(self._steps) and not self.closed:
            step = self._steps[self._next]
            if "receive" in step and not answering:
                break
            answering = False
            self._next += 1
            if "send" in step:
                actions.append(Send(encode(step["send"])))
            if "close" in step:
                actions.append(Close(int(step["close"]), str(step.get("reason", ""))))
                self.closed = True
        return actions


def _same(expected: Any, message: Message) -> bool:
    if isinstance(expected, (str, bytes)):
        return expected == message
    try:
        return bool(json.loads(message) == expected)
    except ValueError:
        return False


def start(label: str, answer: Mapping[str, Any]) -> Conversation:
    """The conversation a stub's answer scripts, from its first step."""
    return Conversation(label, answer.get("conversation") or [])
