"""What the OpenAI and Anthropic APIs answer, as stubs say it: the bodies and
the server-sent events the tests of the real SDKs stub."""

from __future__ import annotations

from typing import Any

# Defined where docs/howto.rst shows it, whole, to a reader who has no tests/.
from tests.doc_examples.test_openai import chat_chunk

CHAT_COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1764547200,
    "model": "gpt-test",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": "Hello from a stub."},
        }
    ],
    "usage": {"prompt_tokens": 5, "completion_tokens": 4, "total_tokens": 9},
}

RESPONSE = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1764547200,
    "model": "gpt-test",
    "status": "completed",
    "output": [
        {
            "type": "message",
            "id": "msg_1",
            "status": "completed",
            "role": "assistant",
            "content": [
                {"type": "output_text", "text": "Hello from a stub.", "annotations": []}
            ],
        }
    ],
    "parallel_tool_calls": True,
    "tool_choice": "auto",
    "tools": [],
}

MESSAGE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "claude-test",
    "content": [{"type": "text", "text": "Hello from a stub."}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 5, "output_tokens": 4},
}

RATE_LIMITED = {
    "error": {"type": "rate_limit_error", "message": "Slow down.", "code": None}
}


def chat_events(*words: str) -> list[dict[str, Any]]:
    """A chat completion streamed a word at a time, as OpenAI sends it."""
    return [
        *(chat_chunk(word) for word in words),
        chat_chunk(None, "stop"),
        {"data": "[DONE]"},
    ]


def message_events(*words: str) -> list[dict[str, Any]]:
    """A message streamed a word at a time, as Anthropic sends it."""
    start = {**MESSAGE, "content": [], "stop_reason": None}
    return [
        event("message_start", message=start),
        event(
            "content_block_start",
            index=0,
            content_block={"type": "text", "text": ""},
        ),
        *(
            event(
                "content_block_delta",
                index=0,
                delta={"type": "text_delta", "text": word},
            )
            for word in words
        ),
        event("content_block_stop", index=0),
        event(
            "message_delta",
            delta={"stop_reason": "end_turn", "stop_sequence": None},
            usage={"output_tokens": len(words)},
        ),
        event("message_stop"),
    ]


def event(kind: str, **data: Any) -> dict[str, Any]:
    """An Anthropic event: its name twice, as the event and in the data."""
    return {"event": kind, "data": {"type": kind, **data}}
