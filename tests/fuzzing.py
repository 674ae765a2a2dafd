"""Hypothesis strategies for tests/test_fuzz.py: APIMOCK settings, stub dicts
and cassette documents, plausible and hostile (random keys and types, deep
nesting, unicode, huge values, the shapes users found crashing apimock).

How many examples each property runs: ``APIMOCK_FUZZ_EXAMPLES`` (default 50,
to keep the suite fast; the issue's runs used 2,000). The seed is fixed, so a
run is reproducible.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st

from apimock.conf import DEFAULTS
from apimock.stubs.validation.keys import ANSWER_KEYS, MATCH_KEYS, METHODS, STUB_KEYS

EXAMPLES = int(os.environ.get("APIMOCK_FUZZ_EXAMPLES", "50"))
SEED = 20


def fuzz(test: Any) -> Any:
    """A property test: fixed seed, bounded examples, no example database."""
    configured = settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    return seed(SEED)(configured(test))


def deep(depth: int, leaf: Any = "x") -> Any:
    value = leaf
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


# Values users found crashing checks, loaders or the first request.
HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "a{99999999999}",
        "[",
        "(?P<x>a)(?P<x>b)",
        "\x00",
        "stubs\x00.yaml",
        "\ud800",
        "caf\u00e9 \u2603 \U0001f600",
        "https://[::1/",
        "https://[::1]:99999/x",
        "https://a.com/{id}/{id}",
        "https://a.com/{id}?q={id}",
        "https://{host}/x",
        "{settings.NOPE}",
        "{settings.API_URL}/{id}",
        "{request.path.zz}",
        "{request.json.a.b}",
        "{",
        "}}{",
        "{{}}",
        "http://",
        "https://",
        "https://exa mple.com/ x",
        "//no-scheme/x",
        "/dev/null",
        "tests",
        "../../../../etc/passwd",
        "*",
        "0.0.0.0/0",
        "::/0",
        "10.0.0.0/8",
        "localhost:0",
        "[::1]:8000",
        "[::1",
        "apimock.AUTOSPEC",
        "os.system",
        "no.such.module.Thing",
        ":",
        "GET",
        "timeout",
        "connection_error",
        "truncated_body",
    ]
)
# Built by map, so that a strategy's repr stays short.
HUGE_TEXT = st.sampled_from([1200, 100_000]).map(
    lambda n: "(" * n + ")" * n if n < 10_000 else "x" * n
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    HOSTILE_TEXT,
    HUGE_TEXT,
    st.binary(max_size=12),
)
DEEP = st.sampled_from([500, 1200, 5000]).map(deep)


def _nested(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keys = st.one_of(st.text(max_size=12), HOSTILE_TEXT, st.integers(-3, 3))
    return st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children, children),
        st.dictionaries(keys, children, max_size=4),
    )


ANYTHING = st.one_of(st.recursive(SCALARS, _nested, max_leaves=12), DEEP)
URLS = st.one_of(
    st.sampled_from(
        [
            "https://api.example.com/v1/items",
            "https://api.example.com/v1/items/{id}",
            "https://api.example.com/v1/{a}/{b}.json",
            "{settings.API_URL}",
            "{settings.API_URL}/{id}",
            "http://127.0.0.1:8000/x?y=1",
        ]
    ),
    HOSTILE_TEXT,
    st.text(max_size=40).map(lambda text: f"https://api.example.com/{text}"),
)
HEADERS = st.one_of(
    st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=3),
    ANYTHING,
)
MATCH = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            key: st.one_of(
                HEADERS,
                st.dictionaries(st.text(max_size=8), HOSTILE_TEXT, max_size=2),
                ANYTHING,
            )
            for key in MATCH_KEYS
        },
    ),
    ANYTHING,
)
ANSWER_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "status": st.one_of(st.integers(90, 610), ANYTHING),
    "json": ANYTHING,
    "body": st.one_of(st.text(max_size=20), st.binary(max_size=10), ANYTHING),
    "headers": HEADERS,
    "delay": st.one_of(st.floats(0, 0.01), ANYTHING),
}


def _answer_value(key: str) -> st.SearchStrategy[Any]:
    return ANSWER_VALUES.get(key, ANYTHING)


def _stub_value(key: str) -> st.SearchStrategy[Any]:
    if key in ("url", "url_regex", "url_prefix", "host"):
        return st.one_of(URLS, ANYTHING)
    if key == "method":
        return st.one_of(st.sampled_from(sorted(METHODS)), ANYTHING)
    if key == "match":
        return MATCH
    if key == "responses":
        return st.one_of(st.lists(ANSWERS, max_size=3), ANYTHING)
    return _answer_value(key)


ANSWERS = st.fixed_dictionaries(
    {}, optional={key: _answer_value(key) for key in ANSWER_KEYS}
)
STUBS = st.one_of(
    st.fixed_dictionaries(
        {"method": st.sampled_from(sorted(METHODS)), "url": URLS},
        optional={
            key: _stub_value(key) for key in STUB_KEYS if key not in ("method", "url")
        },
    ),
    st.fixed_dictionaries({}, optional={key: _stub_value(key) for key in STUB_KEYS}),
    st.dictionaries(st.text(max_size=10), ANYTHING, max_size=4),
    ANYTHING,
)
_SETTING_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "STUBS": st.one_of(st.lists(st.one_of(STUBS, HOSTILE_TEXT), max_size=4), ANYTHING),
    "ALLOWED_HOSTS": st.one_of(
        st.lists(st.one_of(HOSTILE_TEXT, SCALARS), max_size=3), ANYTHING
    ),
    "CONTRACTS": st.one_of(
        st.dictionaries(
            st.one_of(URLS, SCALARS), st.one_of(HOSTILE_TEXT, SCALARS), max_size=2
        ),
        ANYTHING,
    ),
    "CLIENTS": st.one_of(
        st.dictionaries(HOSTILE_TEXT, st.one_of(HOSTILE_TEXT, SCALARS), max_size=2),
        ANYTHING,
    ),
}
# One key at a time too: a setting that is wrong in one place only reaches
# the checks that run after the others pass (contracts, for one).
_ONE_KEY = st.sampled_from(sorted(DEFAULTS)).flatmap(
    lambda key: st.fixed_dictionaries({key: _SETTING_VALUES.get(key, ANYTHING)})
)
APIMOCK_SETTINGS = st.one_of(
    _ONE_KEY,
    st.fixed_dictionaries(
        {},
        optional={key: _SETTING_VALUES.get(key, ANYTHING) for key in DEFAULTS},
    ),
    st.dictionaries(
        st.one_of(st.sampled_from(sorted(DEFAULTS)), st.text(max_size=8)),
        ANYTHING,
        max_size=4,
    ),
    ANYTHING,
)

# Cassettes: documents as YAML can hold them (dates, sets, binary included).
YAML_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    HOSTILE_TEXT.filter(lambda text: "\ud800" not in text),
    st.binary(max_size=12),
    st.dates(),
    st.datetimes(),
)
YAML_ANYTHING = st.recursive(
    YAML_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.text(max_size=8), children, max_size=3),
        st.frozensets(st.integers(0, 3), max_size=2),
    ),
    max_leaves=10,
)


def _part(keys: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    return st.one_of(st.fixed_dictionaries({}, optional=keys), YAML_ANYTHING)


_BODY = {
    "headers": st.one_of(
        st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=2),
        YAML_ANYTHING,
    ),
    "json": YAML_ANYTHING,
    "body": st.one_of(st.text(max_size=20), YAML_ANYTHING),
    "body_base64": st.one_of(st.sampled_from(["aGk=", "!!!", "aGk"]), YAML_ANYTHING),
}
INTERACTION = st.one_of(
    st.fixed_dictionaries(
        {
            "request": _part(
                {
                    "method": st.one_of(st.just("GET"), YAML_ANYTHING),
                    "url": st.one_of(
                        URLS.filter(lambda u: "\ud800" not in u), YAML_ANYTHING
                    ),
                    **_BODY,
                }
            ),
            "response": _part(
                {"status": st.one_of(st.integers(0, 700), YAML_ANYTHING), **_BODY}
            ),
        }
    ),
    YAML_ANYTHING,
)
CASSETTES = st.one_of(
    st.fixed_dictionaries(
        {"interactions": st.one_of(st.lists(INTERACTION, max_size=3), YAML_ANYTHING)},
        optional={"version": YAML_ANYTHING},
    ),
    YAML_ANYTHING,
)
# Text that is not a dump of any document: broken YAML, aliases, tags, depth.
_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{below}' if below else 'x'] * 9)}]\n"
    for name, below in (("a", ""), ("b", "a"), ("c", "b"), ("d", "c"))
)
_TEXTS = st.one_of(
    st.sampled_from(
        [
            "interactions: [",
            "interactions:\n- request: {method: GET, url: x}\n"
            "  response: {}\n  response: {}\n",
            "interactions: &a [*a]\n",
            _BOMB + "interactions: [*d, *d, *d, *d, *d, *d, *d, *d]\n",
            "!!python/object/apply:os.system [echo hi]\n",
            "interactions:\n- !!set {a, b}\n",
            "\ufeffinteractions: []\n",
            "\x00\x01\x02",
            "interactions:\n- request:\n    method: GET\n    url: https://a.example/\n"
            "  response:\n    json: 2026-12-01\n",
        ]
    ),
    st.sampled_from([3000, 5000]).map(
        lambda n: (
            "interactions:\n" + "- " * n + "x\n"
            if n == 3000
            else "interactions: " + "[" * n + "]" * n + "\n"
        )
    ),
)
_FRAGMENTS = st.sampled_from(
    [
        "interactions:\n",
        "- request:\n",
        "    method: GET\n",
        "    url: https://a.example/x\n",
        "    url: 5\n",
        "    headers: [a, b]\n",
        "    headers: {X-Count: 1}\n",
        "  response:\n",
        "    status: 200\n",
        "    status: '200'\n",
        "    json: {a: 1}\n",
        "    json: !!set {a}\n",
        "    body: {a: 1}\n",
        "    body_base64: '!!!'\n",
        "  response: &r {status: 200}\n",
        "  response: *r\n",
        "version: 1\n",
        "\t",
        "  ",
        "[",
        "]",
        "{",
        "&a ",
        "*a ",
        "!!binary ",
        "? ",
        "<<: ",
    ]
)
CASSETTE_TEXTS = st.one_of(
    _TEXTS, st.lists(_FRAGMENTS, max_size=12).map("".join), st.text(max_size=80)
)

# Stubs close to valid, so that many pass the checks: what passes must then
# answer its request (the check is the promise that the first request works).
_TEMPLATE_TEXT = st.sampled_from(
    [
        "ok",
        "{settings.API_URL}",
        "{settings.AUTH_KEY}",
        "{settings.BASE_DIR}",
        "{settings.DATABASES}",
        "{settings.NOPE}",
        "{request.path.id}",
        "{request.json.amount}",
        "{request.query.q}",
        "{request.headers.X-Id}",
        "{request.method} {request.url}",
        "{{literal}}",
        "{",
        "caf\u00e9",
        "\x00",
    ]
)
_TEXTISH = st.one_of(st.text(max_size=12), _TEMPLATE_TEXT)
JSONISH = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**64), 2**64),
        st.floats(allow_nan=False, allow_infinity=False),
        _TEXTISH,
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(_TEXTISH, children, max_size=3),
    ),
    max_leaves=8,
)
_PLAUSIBLE_URLS = st.sampled_from(
    [
        "https://api.example.com/v1/items",
        "https://api.example.com/v1/items/{id}",
        "https://api.example.com/v1/items/{id}.json",
        "https://api.example.com/v1/{a}/{b}",
        "{settings.API_URL}",
        "{settings.API_URL}/{id}",
        "{settings.ITEMS_API_BASE}/x?limit=5",
        "http://[::1]:8000/x",
        "https://[::1/",
        "https://a.com/{id}/{id}",
        "https://a.com/x?q={id}",
        "https://user:pw@api.example.com/x",
        "https://api.example.com/caf\u00e9/%7B",
    ]
)
_PLAUSIBLE_ANSWER = {
    "status": st.one_of(st.integers(100, 599), st.sampled_from([0, 99, 600, True])),
    "json": JSONISH,
    "body": st.one_of(_TEXTISH, st.binary(max_size=8)),
    "headers": st.dictionaries(_TEXTISH, _TEXTISH, max_size=2),
    "content_type": _TEXTISH,
    "delay": st.sampled_from([0, 0.001, 5]),
    "fault": st.sampled_from(["connection_reset", "truncated_body", "malformed_json"]),
    "error": st.sampled_from(["timeout", "connection_error"]),
}
PLAUSIBLE_STUBS = st.fixed_dictionaries(
    {
        "method": st.sampled_from(sorted(METHODS)),
        "url": _PLAUSIBLE_URLS,
    },
    optional={
        **_PLAUSIBLE_ANSWER,
        "name": _TEXTISH,
        "times": st.integers(0, 3),
        "priority": st.integers(-1, 3),
        "match": st.fixed_dictionaries(
            {},
            optional={
                "headers": st.dictionaries(_TEXTISH, _TEXTISH, max_size=2),
                "headers_regex": st.dictionaries(
                    st.text(max_size=5), st.sampled_from([".*", "a{2}", "(", "x+"])
                ),
                "query": st.dictionaries(_TEXTISH, _TEXTISH, max_size=2),
                "json": JSONISH,
                "body_contains": _TEXTISH,
            },
        ),
        "responses": st.lists(
            st.fixed_dictionaries({}, optional=_PLAUSIBLE_ANSWER), max_size=2
        ),
        "scenario": st.just("s"),
        "state": st.sampled_from(["Started", "later"]),
        "next_state": st.just("later"),
    },
)
