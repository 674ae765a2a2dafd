"""Which SDKs apimock blocks and answers: the SDK table.

    python benchmarks/sdk_table.py

Each SDK (at the version installed) is pointed at a canary: a TCP server on
127.0.0.2, loopback but not an allowed host, that counts the connections it
accepts. Under ``apimock.mocked()``:

* blocked: with no stub, the canary accepted nothing and apimock recorded a
  miss naming the request (the SDK may wrap or swallow the error itself);
  "guard only" when only the socket guard stopped it (no stub can answer);
* answered: with a stub, the SDK returned its own parsed object holding the
  stub's data, and the canary accepted nothing;
* streaming: the SDK's streaming API (where it has one apimock answers)
  delivered a streamed stub piece by piece; "-" where not probed.

Prints an RST table (docs/clients.rst shows one run).
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testproject.settings")

import django  # noqa: E402

django.setup()

import apimock  # noqa: E402
from apimock.exceptions import mark_reported  # noqa: E402
from tests.helpers import Canary  # noqa: E402

Probe = Callable[[str, Any], Any]


@dataclass
class SDK:
    name: str
    package: str  # whose version is shown
    transport: str
    #: (canary URL, api) -> makes the SDK's call; returns its parsed result.
    call: Probe
    #: (canary URL, api) -> adds the stub that call needs.
    stub: Callable[[str, Any], None]
    #: the parsed result -> whether it holds the stub's data.
    check: Callable[[Any], bool]
    #: (canary URL, api) -> whether a streamed stub arrived piece by piece.
    stream: Probe | None = None


# -- the probes -----------------------------------------------------------------


def _stripe(http_client: str, **options: Any) -> Probe:
    def call(url: str, api: Any) -> Any:
        import stripe

        client = stripe.StripeClient(
            "sk_test_123",
            base_addresses={"api": url},
            http_client=getattr(stripe, http_client)(**options),
            max_network_retries=0,
        )
        return client.v1.customers.retrieve("cus_1")

    return call


def _stripe_stub(url: str, api: Any) -> None:
    api.add(
        "GET", f"{url}/v1/customers/cus_1", json={"id": "cus_1", "object": "customer"}
    )


def _twilio(url: str, api: Any) -> Any:
    from twilio.rest import Client

    client = Client("AC" + "0" * 32, "token")
    client.api.base_url = url
    return client.api.v2010.accounts("AC" + "0" * 32).messages.create(
        to="+15550001", from_="+15550002", body="hi"
    )


def _twilio_stub(url: str, api: Any) -> None:
    api.add(
        "POST",
        f"{url}/2010-04-01/Accounts/AC{'0' * 32}/Messages.json",
        status=201,
        json={"sid": "SM1", "body": "hi", "status": "queued"},
    )


def _boto3(url: str, api: Any) -> Any:
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
    )
    return s3.list_buckets()


def _boto3_stub(url: str, api: Any) -> None:
    api.add(
        "GET",
        f"{url}/",
        body=(
            '<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult>'
            "<Buckets><Bucket><Name>reports</Name>"
            "<CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>"
            "</Buckets><Owner><ID>o1</ID></Owner></ListAllMyBucketsResult>"
        ),
        content_type="application/xml",
        match={"query": {}},
    )


def _slack(url: str, api: Any) -> Any:
    from slack_sdk import WebClient

    return WebClient(token="xoxb-1", base_url=f"{url}/api/").auth_test()


def _slack_async(url: str, api: Any) -> Any:
    from slack_sdk.web.async_client import AsyncWebClient

    async def call() -> Any:
        return await AsyncWebClient(token="xoxb-1", base_url=f"{url}/api/").auth_test()

    return asyncio.run(call())


def _slack_stub(url: str, api: Any) -> None:
    api.add("POST", f"{url}/api/auth.test", json={"ok": True, "user_id": "U1"})


def _sendgrid(url: str, api: Any) -> Any:
    import sendgrid

    client = sendgrid.SendGridAPIClient(api_key="SG.key", host=url)
    return client.client.mail.send.post(request_body={"subject": "hi"})


def _sendgrid_stub(url: str, api: Any) -> None:
    api.add("POST", f"{url}/v3/mail/send", status=202, body="")


def _sentry(url: str, api: Any) -> Any:
    import sentry_sdk

    host = url.split("//")[1]
    sentry_sdk.init(dsn=f"http://key@{host}/1", default_integrations=False)
    try:
        sentry_sdk.capture_message("hello")
        sentry_sdk.flush(timeout=5)
    finally:
        sentry_sdk.get_client().close(timeout=5)
    return [call for call in api.calls if call.response is not None]


def _sentry_stub(url: str, api: Any) -> None:
    api.add("POST", f"{url}/api/1/envelope/", json={"id": "e1"})


def _aiohttp(url: str, api: Any) -> Any:
    import aiohttp

    async def call() -> Any:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"{url}/v1/things") as response,
        ):
            return await response.json()

    return asyncio.run(call())


def _things_stub(url: str, api: Any) -> None:
    api.add("GET", f"{url}/v1/things", json={"id": "t1"})


def _openai(url: str, api: Any) -> Any:
    import openai

    client = openai.OpenAI(base_url=f"{url}/v1", api_key="sk-test", max_retries=0)
    return client.chat.completions.create(
        model="gpt-test", messages=[{"role": "user", "content": "hi"}]
    )


def _openai_stub(url: str, api: Any) -> None:
    api.add(
        "POST",
        f"{url}/v1/chat/completions",
        json={
            "id": "c1",
            "object": "chat.completion",
            "created": 0,
            "model": "gpt-test",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": "hello"},
                }
            ],
        },
    )


def _anthropic(url: str, api: Any) -> Any:
    import anthropic

    client = anthropic.Anthropic(base_url=url, api_key="sk-test", max_retries=0)
    return client.messages.create(
        model="claude-test",
        max_tokens=10,
        messages=[{"role": "user", "content": "hi"}],
    )


def _anthropic_stub(url: str, api: Any) -> None:
    api.add(
        "POST",
        f"{url}/v1/messages",
        json={
            "id": "m1",
            "type": "message",
            "role": "assistant",
            "model": "claude-test",
            "content": [{"type": "text", "text": "hello"}],
            "stop_reason": "end_turn",
            "usage": {"input_tokens": 1, "output_tokens": 1},
        },
    )


def _counted(events: list[dict[str, Any]]) -> tuple[Callable[[Any], Any], list[int]]:
    """A callback whose stream makes one event at a time, and the count made."""
    made: list[int] = []

    def callback(request: Any) -> dict[str, Any]:
        def each() -> Any:
            for event in events:
                made.append(1)
                yield event

        return {"events": each()}

    return callback, made


def _openai_stream(url: str, api: Any) -> bool:
    import openai

    from tests import llm  # the events tests/test_llm_sdks.py stubs

    callback, made = _counted(llm.chat_events("hel", "lo"))
    api.add("POST", f"{url}/v1/chat/completions", callback=callback)
    client = openai.OpenAI(base_url=f"{url}/v1", api_key="sk-test", max_retries=0)
    stream = iter(
        client.chat.completions.create(
            model="gpt-test", messages=[{"role": "user", "content": "hi"}], stream=True
        )
    )
    first = next(stream).choices[0].delta.content
    return first == "hel" and len(made) == 1


def _anthropic_stream(url: str, api: Any) -> bool:
    import anthropic

    from tests import llm

    callback, made = _counted(llm.message_events("hel", "lo"))
    api.add("POST", f"{url}/v1/messages", callback=callback)
    client = anthropic.Anthropic(base_url=url, api_key="sk-test", max_retries=0)
    with client.messages.stream(
        model="claude-test", max_tokens=10, messages=[{"role": "user", "content": "hi"}]
    ) as stream:
        first = next(iter(stream.text_stream))
        return first == "hel" and len(made) == 3  # start, block start, the delta


def _google(url: str, api: Any) -> Any:
    from googleapiclient.discovery import build

    drive = build(
        "drive",
        "v3",
        developerKey="k",
        static_discovery=True,
        client_options={"api_endpoint": f"{url}/drive/v3/"},
    )
    return drive.files().get(fileId="abc").execute()


def _google_stub(url: str, api: Any) -> None:
    api.add("GET", f"{url}/drive/v3/files/abc", json={"id": "abc"})


def _niquests(url: str, api: Any) -> Any:
    import niquests

    return niquests.get(f"{url}/v1/things", timeout=5).json()


def _niquests_async(url: str, api: Any) -> Any:
    import niquests

    async def call() -> Any:
        async with niquests.AsyncSession() as session:
            response = await session.get(f"{url}/v1/things", timeout=5)
            return response.json()

    return asyncio.run(call())


def _pycurl(url: str, api: Any) -> Any:
    import pycurl

    curl = pycurl.Curl()
    curl.setopt(pycurl.URL, f"{url}/v1/things")
    curl.setopt(pycurl.TIMEOUT, 5)
    return json.loads(curl.perform_rb())


def _websockets(url: str, api: Any) -> Any:
    import websockets

    async def call() -> Any:
        async with websockets.connect(_ws(url), open_timeout=5) as ws:
            return await ws.recv()

    return asyncio.run(call())


def _websocket_client(url: str, api: Any) -> Any:
    import websocket

    ws = websocket.create_connection(_ws(url), timeout=5)
    try:
        return ws.recv()
    finally:
        ws.close()


def _ws(url: str) -> str:
    return url.replace("http://", "ws://") + "/feed"


def _ws_stub(url: str, api: Any) -> None:
    api.add("WEBSOCKET", _ws(url), conversation=[{"send": "tick 1"}])


def _ws_stream(call: Probe) -> Probe:
    def stream(url: str, api: Any) -> bool:
        api.add("WEBSOCKET", _ws(url), conversation=[{"send": "one"}, {"send": "two"}])
        return bool(call(url, api) == "one")  # the first message, alone

    return stream


def _grpc(url: str, api: Any, stream: bool = False) -> Any:
    import grpc
    from google.protobuf import struct_pb2

    target = url.split("//")[1]
    with grpc.insecure_channel(target) as channel:
        method = "/shop.v1.Items/" + ("ListItems" if stream else "GetItem")
        make = channel.unary_stream if stream else channel.unary_unary
        call = make(
            method,
            request_serializer=struct_pb2.Struct.SerializeToString,
            response_deserializer=struct_pb2.Struct.FromString,
        )
        request = struct_pb2.Struct()
        request.update({"id": "i1"})
        result = call(request, timeout=5)
        return [dict(item) for item in result] if stream else dict(result)


def _grpc_stub(url: str, api: Any) -> None:
    target = url.split("//")[1]
    api.add("GRPC", f"grpc://{target}/shop.v1.Items/GetItem", json={"id": "i1"})


def _grpc_stream(url: str, api: Any) -> bool:
    target = url.split("//")[1]
    api.add(
        "GRPC", f"grpc://{target}/shop.v1.Items/ListItems", json=[{"n": 1}, {"n": 2}]
    )
    return bool(_grpc(url, api, stream=True) == [{"n": 1}, {"n": 2}])


def _has(key: str, value: Any) -> Callable[[Any], bool]:
    def check(found: Any) -> bool:
        try:
            return bool(found[key] == value)
        except (KeyError, TypeError, IndexError):
            return bool(getattr(found, key, None) == value)

    return check


SDKS = [
    SDK(
        "stripe",
        "stripe",
        "requests",
        _stripe("RequestsClient"),
        _stripe_stub,
        _has("id", "cus_1"),
    ),
    SDK(
        "stripe (HTTPXClient)",
        "stripe",
        "httpx",
        _stripe("HTTPXClient", allow_sync_methods=True),
        _stripe_stub,
        _has("id", "cus_1"),
    ),
    SDK("twilio", "twilio", "requests", _twilio, _twilio_stub, _has("sid", "SM1")),
    SDK(
        "boto3 (S3)",
        "boto3",
        "urllib3 (botocore)",
        _boto3,
        _boto3_stub,
        lambda r: r["Buckets"][0]["Name"] == "reports",
    ),
    SDK("slack_sdk", "slack_sdk", "urllib", _slack, _slack_stub, _has("user_id", "U1")),
    SDK(
        "slack_sdk (async)",
        "slack_sdk",
        "aiohttp",
        _slack_async,
        _slack_stub,
        _has("user_id", "U1"),
    ),
    SDK(
        "sendgrid",
        "sendgrid",
        "urllib",
        _sendgrid,
        _sendgrid_stub,
        lambda r: r.status_code == 202,
    ),
    SDK(
        "sentry-sdk",
        "sentry-sdk",
        "urllib3",
        _sentry,
        _sentry_stub,
        lambda calls: len(calls) == 1,
    ),
    SDK("aiohttp", "aiohttp", "aiohttp", _aiohttp, _things_stub, _has("id", "t1")),
    SDK(
        "openai",
        "openai",
        "httpx2",
        _openai,
        _openai_stub,
        lambda r: r.choices[0].message.content == "hello",
        _openai_stream,
    ),
    SDK(
        "anthropic",
        "anthropic",
        "httpx2",
        _anthropic,
        _anthropic_stub,
        lambda r: r.content[0].text == "hello",
        _anthropic_stream,
    ),
    SDK(
        "google-api-python-client",
        "google-api-python-client",
        "httplib2",
        _google,
        _google_stub,
        _has("id", "abc"),
    ),
    SDK(
        "niquests",
        "niquests",
        "urllib3-future",
        _niquests,
        _things_stub,
        _has("id", "t1"),
    ),
    SDK(
        "niquests (async)",
        "niquests",
        "urllib3-future",
        _niquests_async,
        _things_stub,
        _has("id", "t1"),
    ),
    SDK("pycurl", "pycurl", "libcurl", _pycurl, _things_stub, _has("id", "t1")),
    SDK(
        "grpcio",
        "grpcio",
        "gRPC core",
        _grpc,
        _grpc_stub,
        _has("id", "i1"),
        _grpc_stream,
    ),
    SDK(
        "websockets",
        "websockets",
        "asyncio",
        _websockets,
        _ws_stub,
        lambda m: m == "tick 1",
        _ws_stream(_websockets),
    ),
    SDK(
        "websocket-client",
        "websocket-client",
        "socket",
        _websocket_client,
        _ws_stub,
        lambda m: m == "tick 1",
        _ws_stream(_websocket_client),
    ),
]


# -- measuring --------------------------------------------------------------------


def _quietly(probe: Callable[[], Any]) -> tuple[Any, BaseException | None]:
    try:
        return probe(), None
    except BaseException as error:  # the SDK's own wrapping of it, say
        return None, error


def blocked(sdk: SDK, canary: Canary) -> str:
    before = canary.accepted
    with apimock.mocked() as api:
        _quietly(lambda: sdk.call(canary.url, api))
        misses = list(api.misses)
        for miss in misses:
            mark_reported(miss)
    # A miss the transport named (method and URL), not the socket guard's.
    named = any("matched no stub" in str(miss) for miss in misses)
    if canary.accepted != before:
        return "no"
    return "yes" if named else "guard only" if misses else "no"


def answered(sdk: SDK, canary: Canary) -> bool:
    before = canary.accepted
    with apimock.mocked() as api:
        sdk.stub(canary.url, api)
        result, _ = _quietly(lambda: sdk.call(canary.url, api))
        for miss in api.misses:
            mark_reported(miss)
    ok, _ = _quietly(lambda: sdk.check(result)) if result is not None else (False, None)
    return bool(ok) and canary.accepted == before


def streams(sdk: SDK, canary: Canary) -> str:
    if sdk.stream is None:
        return "-"
    stream = sdk.stream
    with apimock.mocked() as api:
        ok, _ = _quietly(lambda: stream(canary.url, api))
        for miss in api.misses:
            mark_reported(miss)
    return "yes" if ok else "no"


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def rows() -> list[list[str]]:
    found = []
    canary = Canary()
    try:
        for sdk in SDKS:
            installed = version(sdk.package)
            if installed == "not installed":
                found.append([sdk.name, sdk.transport, installed, "-", "-", "-"])
                continue
            yes = {True: "yes", False: "no"}
            found.append(
                [
                    sdk.name,
                    sdk.transport,
                    installed,
                    blocked(sdk, canary),
                    yes[answered(sdk, canary)],
                    streams(sdk, canary),
                ]
            )
    finally:
        canary.stop()
    return found


def table(found: list[list[str]]) -> str:
    header = ["SDK", "transport", "version", "blocked", "answered", "streaming"]
    widths = [max(len(row[i]) for row in [header, *found]) for i in range(len(header))]
    rule = "  ".join("=" * width for width in widths)
    lines = [rule, _line(header, widths), rule, *(_line(r, widths) for r in found)]
    return "\n".join([*lines, rule])


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


if __name__ == "__main__":
    print(table(rows()))
