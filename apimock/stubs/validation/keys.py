"""The keys a stub, a response and a match may have."""

from __future__ import annotations

from apimock.stubs import matchers

HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "ANY")
#: GRPC: a gRPC call (apimock.stubs.grpc); WEBSOCKET: a WebSocket
#: connection (apimock.stubs.conversation).
METHODS = frozenset({*HTTP_METHODS, "GRPC", "WEBSOCKET"})
URL_KEYS = ("url", "url_regex", "url_prefix", "host")
#: What one response may say (a stub's own keys, or each item of ``responses``).
ANSWER_KEYS = (
    "status",
    "json",
    "body",
    "body_file",
    "chunks",
    "events",
    "content_type",
    "headers",
    "error",
    "fault",
    "delay",
    "real_delay",
    "callback",
    "grpc_status",
    "grpc_details",
    "conversation",
)
STUB_KEYS = (
    "name",
    "method",
    *URL_KEYS,
    "match",
    "priority",
    *ANSWER_KEYS,
    "responses",
    "then",
    "times",
    "required",
    "contract",
    "scenario",
    "state",
    "next_state",
)
MATCH_KEYS = matchers.MATCH_KEYS
#: A streamed answer's keys: its body, sent piece by piece.
STREAM_KEYS = ("chunks", "events")
BODY_KEYS = ("json", "body", "body_file", *STREAM_KEYS, "callback", "error")
#: The answer keys whose values may hold ``{request.…}`` placeholders.
TEMPLATED_KEYS = ("json", "body", "headers", "content_type", *STREAM_KEYS)
#: What one server-sent event may say.
EVENT_KEYS = ("event", "data", "id", "retry")
THEN = ("repeat", "fail")
