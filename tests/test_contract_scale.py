"""Contracts at a provider's size: paths found by an index, a document parsed
and validated once per content (kept on disk between runs, safely), and a
request or answer seen before not validated again."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from unittest import mock

import requests
import yaml
from django.test import SimpleTestCase, override_settings

from apimock import diskcache as cache
from apimock import mocked
from apimock.checks import check_apimock_setting
from apimock.contracts import conformance, files, loaded, runtime, validation
from apimock.contracts.paths import PathIndex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import make_contract  # the benchmark's generated document

BASE = make_contract.BASE_URL


class PathIndexTests(SimpleTestCase):
    def test_the_path_with_fewest_parameters_wins_then_the_first(self) -> None:
        index = PathIndex(["/items/{id}", "/items/export", "/{kind}/export"])
        self.assertEqual(index.find("/items/export"), ("/items/export", {}))
        self.assertEqual(index.find("/items/7"), ("/items/{id}", {"id": "7"}))
        self.assertEqual(
            index.find("/users/export"), ("/{kind}/export", {"kind": "users"})
        )
        both = PathIndex(["/{a}/x", "/{b}/x"])
        self.assertEqual(both.find("/1/x"), ("/{a}/x", {"a": "1"}))

    def test_of_paths_as_specific_the_one_with_the_method_wins(self) -> None:
        # GitHub's document: DELETE .../{attestation_id}, GET .../{subject_digest}.
        index = PathIndex(["/a/{attestation_id}", "/a/{subject_digest}", "/a/bulk"])
        gets = {"/a/{subject_digest}", "/a/bulk"}
        self.assertEqual(
            index.find("/a/1", gets.__contains__),
            ("/a/{subject_digest}", {"subject_digest": "1"}),
        )
        self.assertEqual(
            index.find("/a/1", lambda path: False),
            ("/a/{attestation_id}", {"attestation_id": "1"}),
        )
        # A literal path without the method still wins over a templated one.
        self.assertEqual(index.find("/a/bulk", lambda path: False), ("/a/bulk", {}))

    def test_segments_as_a_request_sends_them(self) -> None:
        index = PathIndex(["/", "/files/{name}", "/a b/c"])
        self.assertEqual(index.find("/"), ("/", {}))
        self.assertEqual(
            index.find("/files/r%C3%A9sum%C3%A9.pdf"),
            ("/files/{name}", {"name": "résumé.pdf"}),
        )
        self.assertEqual(index.find("/a%20b/c"), ("/a b/c", {}))
        self.assertEqual(index.find("/files/x/"), ("/files/{name}", {"name": "x"}))
        self.assertIsNone(index.find("/files/"))  # a parameter is never empty
        self.assertIsNone(index.find("/files/x/y"))

    def test_the_closest_paths_are_those_most_alike(self) -> None:
        index = PathIndex(make_contract.path_of(i) for i in range(300))
        closest = index.closest("/svc1/res60x/it_1")
        self.assertEqual(len(closest), 5)
        self.assertIn("/svc1/res60s/{id}", closest)
        self.assertTrue(index.closest("/nothing/like/it"))


class ContractFixture(SimpleTestCase):
    """A generated contract and a private cache folder per test."""

    paths = 80

    def setUp(self) -> None:
        super().setUp()
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)
        self.document = self.folder / "provider.yaml"
        make_contract.write(self.document, self.paths)
        self.cache_dir = self.folder / "cache"
        files.forget()
        validation.forget()
        self.addCleanup(files.forget)
        self.addCleanup(validation.forget)

    def setting(self, **more: object) -> override_settings:
        return override_settings(
            APIMOCK={
                "CONTRACTS": {BASE: str(self.document)},
                "CACHE_DIR": str(self.cache_dir),
                **more,
            }
        )


class ContractCallTests(ContractFixture):
    def test_a_request_outside_the_contract_sees_the_closest_paths(self) -> None:
        url = f"{BASE}/svc0/res30x/it_1"
        with (
            self.setting(),
            mocked() as api,
            api.expect_violation() as expected,
        ):
            api.add("GET", url, json={})
            requests.get(url, timeout=5)
        message = str(expected.exception)
        self.assertIn("its closest paths are", message)
        self.assertIn("/svc0/res30s/{id}", message)
        self.assertIn("(75 more)", message)
        self.assertLess(len(message), 1000)

    def test_a_request_and_an_answer_seen_before_are_not_checked_again(self) -> None:
        url = make_contract.item_url(61)
        spy_request = mock.patch.object(
            runtime, "request_violations", wraps=runtime.request_violations
        )
        spy_answer = mock.patch.object(
            conformance, "check_response", wraps=conformance.check_response
        )
        with (
            self.setting(),
            spy_request as requests_checked,
            spy_answer as answers_checked,
            mocked() as api,
        ):
            api.add("GET", url, json=make_contract.body(61))
            for _ in range(3):
                self.assertEqual(requests.get(url, timeout=5).status_code, 200)
            requests.get(url, params={"expand": "owner"}, timeout=5)
            self.assertEqual(api.violations, [])
        self.assertEqual(requests_checked.call_count, 2)  # another query string
        self.assertEqual(answers_checked.call_count, 1)

    def test_a_remembered_verdict_still_fails_every_time(self) -> None:
        url = make_contract.item_url(61)
        with self.setting(), mocked() as api:
            api.add("GET", url, json={"id": "it_123"})  # lacks required fields
            for _ in range(2):
                with api.expect_violation() as expected:
                    requests.get(url, timeout=5)
                self.assertIn(
                    "'object' is a required property", str(expected.exception)
                )

    def test_the_path_is_found_once_for_a_request_and_its_answer(self) -> None:
        url = make_contract.item_url(61)
        with self.setting(), mocked() as api:
            api.add("GET", url, json=make_contract.body(61))
            [contract] = loaded.contracts()
            with mock.patch.object(
                contract, "find_path", wraps=contract.find_path
            ) as find:
                requests.get(url, timeout=5)
                requests.get(url, timeout=5)
        self.assertEqual(find.call_count, 1)


class ContractCacheTests(ContractFixture):
    paths = 40

    def load(self) -> files.Document:
        with self.setting():
            loaded.contracts()
            return files.read(self.document, self.cache_dir)

    def test_a_document_is_parsed_once_and_then_read_from_disk(self) -> None:
        self.load()
        entries = sorted(p.name for p in self.cache_dir.iterdir())
        self.assertTrue(any(name.startswith("document-") for name in entries))
        files.forget()  # as a new process, or a --parallel worker, starts
        with mock.patch.object(files, "parse") as parse:
            document = self.load()
        parse.assert_not_called()
        self.assertEqual(
            document.data["paths"].keys(),
            yaml.safe_load(self.document.read_text())["paths"].keys(),
        )

    def test_an_edited_document_is_read_again(self) -> None:
        first = self.load()
        make_contract.write(self.document, 42)
        os.utime(self.document, (1, 1))  # even with an old timestamp
        files.forget()
        second = self.load()
        self.assertNotEqual(first.digest, second.digest)
        self.assertEqual(len(second.data["paths"]), 42)

    def test_the_check_validates_once_per_content(self) -> None:
        with (
            self.setting(),
            mock.patch.object(
                validation, "_validate", wraps=validation._validate
            ) as validate,
        ):
            self.assertEqual(check_apimock_setting(), [])
            validation.forget()  # a new process: the verdict is on disk
            self.assertEqual(check_apimock_setting(), [])
        self.assertLessEqual(validate.call_count, 1)
        verdicts = [
            p for p in self.cache_dir.iterdir() if p.name.startswith("verdict-")
        ]
        self.assertEqual(len(verdicts), 1)

    def test_an_invalid_document_is_reported_from_the_cache_too(self) -> None:
        broken = yaml.safe_load(self.document.read_text())
        broken["paths"]["/svc0/res0s"]["get"]["responses"] = "none"
        self.document.write_text(yaml.safe_dump(broken))
        with self.setting():
            first = [error.msg for error in check_apimock_setting()]
            validation.forget()
            files.forget()
            again = [error.msg for error in check_apimock_setting()]
        self.assertTrue(first)
        self.assertIn("is not valid OpenAPI 3.0", first[0])
        self.assertEqual(first, again)

    def test_a_folder_others_can_write_to_is_not_used(self) -> None:
        self.cache_dir.mkdir(mode=0o700)
        self.cache_dir.chmod(0o777)
        self.assertIsNone(cache.usable(self.cache_dir))
        self.load()
        self.assertEqual(list(self.cache_dir.iterdir()), [])

    def test_a_broken_entry_is_ignored_and_rewritten(self) -> None:
        document = self.load()
        entry = cache.document_entry(self.cache_dir, document.digest)
        entry.write_bytes(b"\x00garbage")
        files.forget()
        self.assertEqual(self.load().data, document.data)
        self.assertEqual(
            cache.read_document(self.cache_dir, document.digest), document.data
        )

    def test_false_keeps_nothing_on_disk(self) -> None:
        with self.setting(CACHE_DIR=False):
            self.assertEqual(check_apimock_setting(), [])
        self.assertFalse(self.cache_dir.exists())

    def test_the_cache_folder_keeps_itself_out_of_version_control(self) -> None:
        self.load()
        self.assertEqual((self.cache_dir / ".gitignore").read_text().split()[-1], "*")

    def test_a_cache_folder_of_the_wrong_type_is_reported(self) -> None:
        with override_settings(APIMOCK={"CACHE_DIR": 3}):
            [error] = check_apimock_setting()
        self.assertEqual(error.id, "apimock.E003")
        self.assertIn('APIMOCK["CACHE_DIR"]', error.msg)


class SharedPartsTests(SimpleTestCase):
    def test_equal_parts_are_one_object(self) -> None:
        data = files.share(
            {"a": {"type": "string", "x": [1, 2]}, "b": {"type": "string", "x": [1, 2]}}
        )
        self.assertIs(data["a"], data["b"])

    def test_parts_python_finds_equal_stay_apart(self) -> None:
        data = files.share(
            {"a": {"v": 1}, "b": {"v": True}, "c": {1: "x"}, "d": {True: "x"}}
        )
        self.assertIsNot(data["a"], data["b"])
        self.assertIs(data["b"]["v"], True)
        self.assertIsNot(data["c"], data["d"])
