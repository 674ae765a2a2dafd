"""One call, every client: what the client-matrix and leak tests drive.

Each ``fetch_*`` sends ``method url`` with an optional JSON body through one
HTTP client, reads the body in small pieces where the client can stream, and
returns ``(status, headers with lower-case names, body bytes)``.
"""

from __future__ import annotations

import asyncio
import http.client
import json as jsonlib
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import httpx
import httpx2
import requests
import trio
import urllib3

Result = tuple[int, dict[str, str], bytes]


def _body(json: Any) -> tuple[bytes | None, dict[str, str]]:
    if json is None:
        return None, {}
    return jsonlib.dumps(json).encode(), {"Content-Type": "application/json"}


def fetch_requests(method: str, url: str, json: Any = None) -> Result:
    with requests.request(method, url, json=json, timeout=5, stream=True) as response:
        body = b"".join(response.iter_content(chunk_size=3))
        return response.status_code, _lower(response.headers), body


def fetch_httpx(method: str, url: str, json: Any = None, httpx: Any = httpx) -> Result:
    with (
        httpx.Client(timeout=5) as client,
        client.stream(method, url, json=json) as response,
    ):
        body = b"".join(response.iter_bytes(chunk_size=3))
        return response.status_code, _lower(response.headers), body


def fetch_httpx_async(
    method: str, url: str, json: Any = None, httpx: Any = httpx, loop: str = "asyncio"
) -> Result:
    async def go() -> Result:
        async with (
            httpx.AsyncClient(timeout=5) as client,
            client.stream(method, url, json=json) as response,
        ):
            body = b"".join([chunk async for chunk in response.aiter_bytes(3)])
            return response.status_code, _lower(response.headers), body

    return trio.run(go) if loop == "trio" else asyncio.run(go())


def fetch_httpx2(method: str, url: str, json: Any = None) -> Result:
    return fetch_httpx(method, url, json, httpx=httpx2)


def fetch_httpx2_async(method: str, url: str, json: Any = None) -> Result:
    return fetch_httpx_async(method, url, json, httpx=httpx2)


def fetch_httpx2_trio(method: str, url: str, json: Any = None) -> Result:
    return fetch_httpx_async(method, url, json, httpx=httpx2, loop="trio")


def fetch_urllib3(method: str, url: str, json: Any = None) -> Result:
    body, headers = _body(json)
    with urllib3.PoolManager() as pool:
        response = pool.request(
            method, url, body=body, headers=headers, preload_content=False, timeout=5
        )
        data = b"".join(response.stream(3))
        response.release_conn()
        return response.status, _lower(response.headers), data


def fetch_urllib(method: str, url: str, json: Any = None) -> Result:
    body, headers = _body(json)
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        response = urllib.request.urlopen(request, timeout=5)
    except urllib.error.HTTPError as error:  # 4xx/5xx come as an exception
        response = error
    with response:
        data = b"".join(iter(lambda: response.read(3), b""))
        return response.status, _lower(response.headers), data


def fetch_http_client(method: str, url: str, json: Any = None) -> Result:
    body, headers = _body(json)
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection
        if parts.scheme == "https"
        else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname or "", parts.port, timeout=5)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = b"".join(iter(lambda: response.read(3), b""))
        return response.status, _lower(response.headers), data
    finally:
        connection.close()


def fetch_aiohttp(method: str, url: str, json: Any = None) -> Result:
    async def go() -> Result:
        timeout = aiohttp.ClientTimeout(total=5)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.request(method, url, json=json) as response,
        ):
            data = b"".join([c async for c in response.content.iter_chunked(3)])
            return response.status, _lower(response.headers), data

    return asyncio.run(go())


def _lower(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


#: name -> (fetch, the name apimock logs, its timeout type, its connection-error type)
CLIENTS: dict[str, tuple[Callable[..., Result], str, type, type]] = {
    "requests": (
        fetch_requests,
        "requests",
        requests.Timeout,
        requests.ConnectionError,
    ),
    "httpx": (fetch_httpx, "httpx", httpx.TimeoutException, httpx.NetworkError),
    "httpx async": (
        fetch_httpx_async,
        "httpx",
        httpx.TimeoutException,
        httpx.NetworkError,
    ),
    "httpx2": (fetch_httpx2, "httpx2", httpx2.TimeoutException, httpx2.NetworkError),
    "httpx2 async": (
        fetch_httpx2_async,
        "httpx2",
        httpx2.TimeoutException,
        httpx2.NetworkError,
    ),
    "httpx2 trio": (
        fetch_httpx2_trio,
        "httpx2",
        httpx2.TimeoutException,
        httpx2.NetworkError,
    ),
    "urllib3": (
        fetch_urllib3,
        "urllib3",
        urllib3.exceptions.TimeoutError,
        urllib3.exceptions.ProtocolError,
    ),
    "urllib": (fetch_urllib, "urllib.request", TimeoutError, urllib.error.URLError),
    "http.client": (fetch_http_client, "http.client", TimeoutError, ConnectionError),
    "aiohttp": (
        fetch_aiohttp,
        "aiohttp",
        aiohttp.ServerTimeoutError,
        aiohttp.ClientConnectionError,
    ),
}
