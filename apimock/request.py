"""The one request and response model every client is translated into."""

from __future__ import annotations

import base64
import binascii
import functools
import json as jsonlib
import re
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol
from urllib.parse import parse_qsl, quote, urlsplit

from django.utils.datastructures import CaseInsensitiveMapping

from apimock import multipart
from apimock.callsite import CallSite
from apimock.multipart import Part


class MultiDict(dict[str, "str | list[str]"]):
    """Form fields or query parameters as sent.

    A name sent once maps to its value, a name sent more than once to the
    list of its values: ``{"to": "a@x"}``, ``{"to": ["a@x", "b@x"]}``. On the
    wire ``to=["a@x"]`` and ``to="a@x"`` are the same, so :meth:`getlist`
    gives every name's values as a list, however many were sent.
    """

    def getlist(self, name: str) -> list[str]:
        """The values sent for ``name``, in order; [] if it was not sent."""
        if name not in self:
            return []
        value = self[name]
        return list(value) if isinstance(value, list) else [value]


def to_multidict(pairs: Iterable[tuple[str, str]]) -> MultiDict:
    """Pairs to a dict; a name given twice maps to the list of its values."""
    result = MultiDict()
    for name, value in pairs:
        if name not in result:
            result[name] = value
        elif isinstance(current := result[name], list):
            current.append(value)
        else:
            result[name] = [current, value]
    return result


_DEFAULT_PORTS = {"http": 80, "https": 443}
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")


def _normalise_path(path: str) -> str:
    """Quote what clients quote (``{`` becomes ``%7B``), keep existing escapes."""
    quoted = quote(path or "/", safe="/%:@!$&'()*+,;=-._~")
    return _PERCENT.sub(lambda escape: escape.group(0).upper(), quoted)


def origin(scheme: str, host: str, port: int | None) -> str:
    """``scheme://host[:port]``, the port left out when it is the default."""
    shown_host = f"[{host}]" if ":" in host else host
    shown_port = "" if port in (None, _DEFAULT_PORTS.get(scheme)) else f":{port}"
    return f"{scheme}://{shown_host}{shown_port}"


@dataclass(frozen=True)
class URL:
    """A URL split the way matching needs it (host lower-cased, port explicit)."""

    scheme: str
    host: str
    port: int | None
    path: str
    query: str

    @classmethod
    def parse(cls, url: str) -> URL:
        return _parse_url(url)

    @classmethod
    def _parse(cls, url: str) -> URL:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        try:
            port = parts.port
        except ValueError:
            port = None
        default_port = _DEFAULT_PORTS.get(scheme)
        return cls(
            scheme=scheme,
            host=(parts.hostname or "").lower(),
            port=None if port == default_port else port,
            path=_normalise_path(parts.path),
            query=parts.query,
        )

    @functools.cached_property
    def origin(self) -> str:
        return origin(self.scheme, self.host, self.port)

    @property
    def effective_port(self) -> int | None:
        return self.port if self.port is not None else _DEFAULT_PORTS.get(self.scheme)

    @functools.cached_property
    def segments(self) -> list[str]:
        return self.path.split("/")

    @property
    def base(self) -> str:
        """Origin and path, without the query: the key stubs are indexed by."""
        return self.origin + self.path

    @property
    def params(self) -> MultiDict:
        return to_multidict(parse_qsl(self.query, keep_blank_values=True))

    @property
    def full(self) -> str:
        """The normalised URL: origin, path and query."""
        return self.base + (f"?{self.query}" if self.query else "")


# Tests call the same few URLs over and over; URL is immutable.
_parse_url = functools.lru_cache(maxsize=1024)(URL._parse)


class DecodedLater(CaseInsensitiveMapping):  # type: ignore[type-arg]
    """Request headers copied when the request is made, read into a mapping
    only when something first looks at them.

    Most stubbed requests are matched, answered and logged without anyone
    reading their headers; decoding them each time cost an httpx call about
    as much as matching did. ``copy`` must already be the transport's own copy
    (a client changing its headers later changes no log); ``decode`` turns it
    into ``(name, value)`` pairs.
    """

    def __init__(
        self, copy: Any, decode: Callable[[Any], Iterable[tuple[str, str]]]
    ) -> None:
        self._copy = copy
        self._decode = decode

    def __getattr__(self, name: str) -> Any:
        # Reached only while the mapping is not built yet: the parent class
        # keeps its entries in ``_store``.
        if name != "_store":
            raise AttributeError(name)
        CaseInsensitiveMapping.__init__(self, self._decode(self._copy))
        return self.__dict__["_store"]


class BasicAuth(NamedTuple):
    """HTTP Basic credentials; a tuple, so ``== ("user", "secret")`` holds."""

    username: str
    password: str


class BearerAuth(NamedTuple):
    """An ``Authorization: Bearer <token>`` header's token."""

    token: str


@dataclass(slots=True)
class APIRequest:
    """An outgoing request, whichever client sent it."""

    method: str
    url: str
    # Any mapping goes in; it is kept as a case-insensitive one (a
    # DecodedLater from a transport is kept as it is).
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    client: str = "requests"
    #: The read timeout the code gave its client, in seconds, if any.
    timeout: float | None = None
    #: Path parameters captured by the stub's URL template, once matched.
    path_params: dict[str, str] = field(default_factory=dict)
    # What ``session`` keeps of the sender: see there.
    _session: Any = field(default=None, init=False, repr=False, compare=False)
    #: Where the user's code made the request, once the mock has looked.
    sent_from: CallSite | None = field(default=None, compare=False)
    #: The URL as matching reads it.
    parsed_url: URL = field(init=False, repr=False, compare=False)
    _parts: list[Part] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self.method = self.method.upper()
        # ``type() is`` first: a transport's DecodedLater spares every call
        # the abstract-class check isinstance makes.
        headers = self.headers
        if type(headers) is not DecodedLater and not isinstance(
            headers, CaseInsensitiveMapping
        ):
            # It copies: a client changing its headers later changes no log.
            self.headers = CaseInsensitiveMapping(headers)
        self.parsed_url = _parse_url(self.url)

    @property
    def session(self) -> Any:
        """The session or client object that sent it (a ``requests.Session``,
        an ``httpx.Client``/``AsyncClient``, an ``aiohttp.ClientSession``);
        None where the client cannot tell.

        Kept by a weak reference: the call log keeps every request until its
        test ends, and a session it kept would live as long, with the two
        dozen objects a ``requests.Session`` holds for the garbage collector
        to walk again and again, for each ``requests.get()`` (which makes a
        session for its one call). Once nothing else holds it, this is the
        reference, dead: the same object for every call of that session and
        another for another's, so ``assertIs`` still tells sessions apart.
        """
        held = self._session
        if type(held) is weakref.ref:
            alive = held()
            return held if alive is None else alive
        return held

    @session.setter
    def session(self, sender: Any) -> None:
        if sender is None:  # most clients but three cannot tell
            self._session = None
            return
        try:
            # One reference per session: weakref.ref returns the one made
            # before while it lives (the log keeps it), so calls of one
            # session hold the same.
            self._session = weakref.ref(sender)
        except TypeError:  # an object that cannot be referred to weakly
            self._session = sender

    @property
    def params(self) -> MultiDict:
        """The query string as a dict (a repeated name maps to a list)."""
        return self.parsed_url.params

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON; ValueError if it is not JSON."""
        return jsonlib.loads(self.body)

    @property
    def form(self) -> MultiDict:
        """The form fields: of an ``application/x-www-form-urlencoded`` body,
        or the parts of a multipart body that have no filename, as text
        (Django's ``request.POST``)."""
        if multipart.is_multipart(self.headers.get("Content-Type", "")):
            return to_multidict(
                (part.name or "", part.text) for part in self.files if not part.is_file
            )
        return to_multidict(parse_qsl(self.text, keep_blank_values=True))

    @property
    def files(self) -> list[Part]:
        """Every part of a multipart body, in order, form fields included
        (on the wire a ``data=`` field is a part too); [] for another body."""
        if self._parts is None:
            self._parts = multipart.parse(
                self.body, self.headers.get("Content-Type", ""), self.client
            )
        return self._parts

    @property
    def auth(self) -> BasicAuth | BearerAuth | None:
        """The ``Authorization`` header read: ``BasicAuth(username, password)``
        (equal to the pair requests' ``auth=`` takes) or ``BearerAuth(token)``;
        None without one, or for another scheme (read ``headers`` then)."""
        scheme, _, credentials = self.headers.get("Authorization", "").partition(" ")
        credentials = credentials.strip()
        if scheme.lower() == "bearer" and credentials:
            return BearerAuth(credentials)
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(credentials, validate=True)
        except (binascii.Error, ValueError):
            return None
        try:
            text = decoded.decode("utf-8")
        except UnicodeDecodeError:  # requests encodes str credentials as latin-1
            text = decoded.decode("latin-1")
        username, _, password = text.partition(":")
        return BasicAuth(username, password)

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


@dataclass(slots=True)
class APIResponse:
    """What a stub answers: status, headers and body bytes, or a stream."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    #: "connection_reset" or "truncated_body": the connection is reset, or
    #: closed, after half the body (after the last piece of a stream).
    fault: str | None = None
    #: Seconds to wait before answering (``real_delay``), for async transports.
    delay: float = 0.0
    #: A streamed body (``chunks`` or ``events``): its pieces, each made when
    #: the client reads that far. ``body`` then holds what it has read so far.
    stream: Iterable[bytes] | None = None

    def json(self) -> Any:
        return jsonlib.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class LoggedCall(Protocol):
    """What a call in the log offers (apimock.calls.Call) to the layers that
    read it back: reports, HAR export."""

    @property
    def request(self) -> APIRequest: ...
    @property
    def response(self) -> APIResponse | None: ...
    @property
    def error(self) -> BaseException | None: ...
    @property
    def passthrough(self) -> bool: ...
