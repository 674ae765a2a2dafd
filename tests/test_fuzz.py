"""Property tests: bad input is reported, never raised from inside apimock.

Hypothesis generates APIMOCK settings, stub dicts, stub files and cassette
documents (random keys and types, deep nesting, unicode, huge values and the
shapes that crashed apimock before), with a fixed seed and a bounded number
of examples (tests/fuzzing.py; ``APIMOCK_FUZZ_EXAMPLES`` raises it). Checks
and loaders must accept or report each one; and a settings stub the checks
pass must answer its request.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from django.core import checks
from django.test import SimpleTestCase, override_settings
from hypothesis import given
from hypothesis import strategies as st

from apimock.cassettes import files
from apimock.cassettes.recorder import Cassette, CassetteOptions
from apimock.cassettes.report import reports
from apimock.documents import within_depth
from apimock.exceptions import CassetteError, StubError, UnmatchedRequest
from apimock.mock import APIMock
from apimock.request import APIRequest
from apimock.stubs import faults
from apimock.stubs.model import Stub, parse_stub
from apimock.stubs.registry import settings_stubs
from apimock.stubs.source import StubSource
from apimock.stubs.urls import Host, PathTemplate, UrlPrefix
from apimock.stubs.validation import validate_stub
from tests import fuzzing
from tests.fuzzing import fuzz


def run_checks(apimock_setting: Any) -> list[Any]:
    with override_settings(APIMOCK=apimock_setting):
        found = checks.run_checks(tags=["apimock"])
    for message in found:
        assert isinstance(message.msg, str) and message.id, message
    return found


# -- the properties: each takes one generated example ------------------------


def any_setting(setting: Any) -> None:
    run_checks(setting)


def any_stub(raw: Any) -> None:
    """validate_stub reports what parse_stub refuses, and nothing else raises."""
    source = StubSource("api.add", 0)
    problems = validate_stub(raw, source)
    try:
        parse_stub(raw, source)
    except StubError:
        assert problems, "parse_stub refused a stub validate_stub passed"
    else:
        assert not problems, f"parse_stub took a stub with problems: {problems}"


def passing_stubs_answer(stubs: list[Any]) -> None:
    """Stubs that pass ``manage.py check`` answer a request to their URL."""
    setting = {"STUBS": stubs, "ALLOWED_HOSTS": []}
    if run_checks(setting):
        return
    with override_settings(APIMOCK=setting):
        mock = APIMock(allowed_hosts=())
        for stub in settings_stubs.current().stubs():
            _answer(mock, stub)


def _answer(mock: APIMock, stub: Stub) -> None:
    url = _url_for(stub)
    if url is None:
        return  # a url_regex: no request is known to match it
    method = "GET" if stub.method == "ANY" else stub.method
    request = APIRequest(method, url, headers={}, body=b"")
    try:
        match = mock.resolve(request)
    except UnmatchedRequest:
        return  # its match rules want more than this bare request
    assert match is not None
    try:
        mock.respond(request, match, sleep=False)
    except faults.Fault:
        pass  # error: timeout / connection_error, as the stub says
    except StubError as error:
        # Only a {request.…} value this bare request lacks may fail here.
        assert "is not in the request" in str(error), error


def _url_for(stub: Stub) -> str | None:
    pattern = stub.pattern
    if isinstance(pattern, PathTemplate):
        return pattern.origin + re.sub(r"\{[A-Za-z_]\w*\}", "p1", pattern.path)
    if isinstance(pattern, UrlPrefix):
        return pattern.prefix + "x"
    if isinstance(pattern, Host):
        return f"https://{pattern.host}/x"
    return None


def stub_file(example: tuple[Any, str]) -> None:
    document, kind = example
    if not within_depth(document, 200):
        return  # json and yaml cannot write it (stub_file_text covers depth)
    try:
        text = (
            json.dumps(document)
            if kind == "json"
            else yaml.safe_dump(document, allow_unicode=True)
        )
    except (TypeError, ValueError, yaml.YAMLError, RecursionError):
        return  # not a document a file can hold
    stub_file_text((text, kind))


def stub_file_text(example: tuple[str, str]) -> None:
    text, kind = example
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"stubs.{kind}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        run_checks({"STUBS": [str(path)]})


def cassette_document(document: Any) -> None:
    if not within_depth(document, 200):
        return  # YAML cannot write it (cassette_text covers depth)
    try:
        text = yaml.dump(document, Dumper=yaml.SafeDumper, allow_unicode=True)
    except (yaml.YAMLError, RecursionError):
        return
    cassette_text(text)


def cassette_text(text: str) -> None:
    """files.read, Cassette() and the cassettes report accept or report it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        setting = {"CASSETTE_DIR": folder, "RECORD_MODE": "none"}
        with override_settings(APIMOCK=setting):
            try:
                files.read(path)
                readable = True
            except CassetteError:
                readable = False
            try:
                Cassette(CassetteOptions("fuzz"))
            except CassetteError:
                assert not readable, "read() took a cassette Cassette() refused"
            reports(Path(folder))


STUB_FILES = st.tuples(
    st.one_of(st.lists(fuzzing.STUBS, max_size=3), fuzzing.YAML_ANYTHING),
    st.sampled_from(["yaml", "json"]),
)
STUB_FILE_TEXTS = st.tuples(
    fuzzing.CASSETTE_TEXTS.map(lambda text: text.replace("interactions", "stubs")),
    st.sampled_from(["yaml", "json"]),
)
#: name -> (strategy, property), for the tests below and for longer runs.
PROPERTIES = {
    "settings": (fuzzing.APIMOCK_SETTINGS, any_setting),
    "stub lists": (
        st.lists(fuzzing.STUBS, max_size=3),
        lambda s: any_setting({"STUBS": s}),
    ),
    "stubs": (fuzzing.STUBS, any_stub),
    "passing stubs answer": (
        st.lists(fuzzing.PLAUSIBLE_STUBS, min_size=1, max_size=3),
        passing_stubs_answer,
    ),
    "stub files": (STUB_FILES, stub_file),
    "stub file texts": (STUB_FILE_TEXTS, stub_file_text),
    "cassettes": (fuzzing.CASSETTES, cassette_document),
    "cassette texts": (fuzzing.CASSETTE_TEXTS, cassette_text),
}


def _property(name: str) -> Any:
    strategy, check = PROPERTIES[name]

    @fuzz
    @given(strategy)
    def test(self: SimpleTestCase, example: Any) -> None:
        check(example)

    test.__name__ = "test_" + name.replace(" ", "_")
    return test


class FuzzTest(SimpleTestCase):
    """Each property, with a fixed seed and ``fuzzing.EXAMPLES`` examples."""

    test_any_setting_is_accepted_or_reported = _property("settings")
    test_any_stub_list_is_accepted_or_reported = _property("stub lists")
    test_a_stub_is_validated_or_refused_as_a_stub_error = _property("stubs")
    test_stubs_that_pass_the_check_answer = _property("passing stubs answer")
    test_any_stub_file_is_accepted_or_reported = _property("stub files")
    test_any_stub_file_text_is_accepted_or_reported = _property("stub file texts")
    test_any_cassette_document_is_loaded_or_reported = _property("cassettes")
    test_any_cassette_text_is_loaded_or_reported = _property("cassette texts")
