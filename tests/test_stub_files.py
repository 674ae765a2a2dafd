"""Stub files are parsed once per content, with the line of each stub from
the same parse, YAML and JSON alike."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from unittest import mock

from django.core import checks
from django.test import SimpleTestCase, override_settings

from apimock.stubs import files
from apimock.stubs.loading import settings_specs

URL = "https://things.example.org/v1/things"


class StubFileTests(SimpleTestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)
        # A cache folder of the test's own: nothing parsed in an earlier run.
        self.cache = self.folder / "cache"
        setting = override_settings(APIMOCK={"CACHE_DIR": str(self.cache)})
        setting.enable()
        self.addCleanup(setting.disable)
        files._stubs.cache_clear()

    def write(self, name: str, text: str) -> Path:
        path = self.folder / name
        path.write_text(text)
        return path

    def lines(self, path: Path) -> list[int | None]:
        return [line for _, line in files.load(path, path.name)]

    def test_json_stubs_have_their_lines(self) -> None:
        listed = self.write(
            "list.json",
            f'[\n  {{"method": "GET", "url": "{URL}"}},\n\n  {{"method": "POST",\n'
            f'   "url": "{URL}"}}\n]\n',
        )
        self.assertEqual(self.lines(listed), [2, 4])
        mapping = self.write(
            "mapping.json",
            f'{{"name": "things",\n "stubs": [\n'
            f'  {{"method": "GET", "url": "{URL}"}},\n'
            f'  {{"method": "GET", "url": "{URL}/1"}}]}}',
        )
        self.assertEqual(self.lines(mapping), [3, 4])
        [(first, _), _] = files.load(mapping, "mapping.json")
        self.assertEqual(first, {"method": "GET", "url": URL})

    def test_json_the_scanner_does_not_expect_is_still_read(self) -> None:
        path = self.write("odd.json", json.dumps({"stubs": []}))
        self.assertEqual(files.load(path, "odd.json"), [])

    def test_bad_json_says_where_as_json_does(self) -> None:
        for text in ('[{"method": "GET"},]', '{"stubs": [1], }', '[{"a": 1}] x'):
            path = self.write("bad.json", text)
            with self.subTest(text=text):
                with self.assertRaises(files.StubFileError) as raised:
                    files.load(path, "bad.json")
                try:
                    json.loads(text)
                except json.JSONDecodeError as error:
                    where = f"line {error.lineno}, column {error.colno}: {error.msg}"
                self.assertIn(where, raised.exception.problem.message)

    def test_yaml_stubs_have_their_lines(self) -> None:
        path = self.write(
            "stubs.yaml", f"stubs:\n- method: GET\n  url: {URL}\n\n- url: {URL}/1\n"
        )
        self.assertEqual(self.lines(path), [2, 5])

    def test_a_file_is_parsed_once_and_its_changes_are_seen(self) -> None:
        path = self.write("stubs.yaml", f"- method: GET\n  url: {URL}\n")
        with mock.patch.object(files, "_parse", wraps=files._parse) as parse:
            files.load(path, "stubs.yaml")
            files.load(path, "stubs.yaml")
            self.assertEqual(parse.call_count, 1)
            path.write_text(f"- method: GET\n  url: {URL}/2\n")
            [(changed, _)] = files.load(path, "stubs.yaml")
        self.assertEqual(changed["url"], f"{URL}/2")
        self.assertEqual(parse.call_count, 2)

    def test_the_check_and_the_first_test_share_one_parse(self) -> None:
        path = self.write("shared.yaml", f"- method: GET\n  url: {URL}/shared\n")
        with (
            override_settings(
                APIMOCK={"STUBS": [str(path)], "CACHE_DIR": str(self.cache)}
            ),
            mock.patch.object(files, "_parse", wraps=files._parse) as parse,
        ):
            self.assertEqual(checks.run_checks(tags=["apimock"]), [])
            [spec] = settings_specs()
        self.assertEqual(spec.url, f"{URL}/shared")
        self.assertEqual(spec.source.line, 1)
        self.assertEqual(parse.call_count, 1)

    def test_a_new_process_reads_the_parsed_file_from_the_cache(self) -> None:
        path = self.write("kept.yaml", f"- method: GET\n  url: {URL}/kept\n")
        first = files.load(path, "kept.yaml")
        files._stubs.cache_clear()  # as a new process starts
        with mock.patch.object(files, "_parse") as parse:
            self.assertEqual(files.load(path, "kept.yaml"), first)
        parse.assert_not_called()
        with override_settings(APIMOCK={"CACHE_DIR": False}):
            files._stubs.cache_clear()
            with mock.patch.object(files, "_parse", wraps=files._parse) as parse:
                files.load(path, "kept.yaml")
            self.assertEqual(parse.call_count, 1)
