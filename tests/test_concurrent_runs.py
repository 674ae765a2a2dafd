"""Test runs at once, and writers killed half-way: nothing of another run is
deleted, no temporary file piles up, and the old cassette survives intact.

Every child process here is bounded: it waits on a line from the test or on
a sleep the test cuts short with SIGKILL, and each wait has a timeout.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from django.test import SimpleTestCase

from apimock.cassettes import files

ROOT = Path(__file__).resolve().parent.parent
# Children configure only what they use: starting the sample project in each
# would make this test slow for nothing.
SETUP = """
import os, sys, time
from pathlib import Path
"""
# Writes one interaction and is killed while the new file is half-written.
KILLED_WRITER = (
    SETUP
    + """
from apimock.cassettes import files

def hang(fd):  # the text is in the temporary file; the rename never comes
    print("writing", flush=True)
    time.sleep(60)

os.fsync = hang
interaction = {
    "request": {"method": "GET", "url": "https://api.example.com/killed"},
    "response": {"status": 200, "body": "x" * 200_000},
}
files.update(Path(sys.argv[1]), lambda current: [*current, interaction])
"""
)
# Notes usage for one run; with "wait", holds on until the test says so.
RUN = (
    SETUP
    + """
os.environ["APIMOCK_RUN_ID"] = sys.argv[2]
from django.conf import settings
settings.configure(APIMOCK={"CASSETTE_DIR": sys.argv[1]})
from apimock.cassettes import usage
usage.note("shared", 2, [1])
print("noted", flush=True)
if sys.argv[3:] == ["wait"]:
    sys.stdin.readline()
    usage.note("shared", 2, [2])
    print("noted again", flush=True)
"""
)


def interaction(path: str) -> dict:
    return {
        "request": {"method": "GET", "url": f"https://api.example.com{path}"},
        "response": {"status": 200, "json": {"path": path}},
    }


def child(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(process: subprocess.Popen[str], line: str, timeout: float = 60) -> None:
    """Read ``process``'s output until ``line``; fail after ``timeout`` s."""
    import selectors

    selector = selectors.DefaultSelector()
    assert process.stdout is not None
    selector.register(process.stdout, selectors.EVENT_READ)
    while selector.select(timeout):
        got = process.stdout.readline()
        if got.strip() == line:
            return
        if not got:
            break
    process.kill()
    _, err = process.communicate(timeout=10)
    raise AssertionError(f"no {line!r} from the child: {err[-2000:]}")


class KilledWriterTest(SimpleTestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.dir = Path(folder.name)
        self.path = self.dir / "flow.yaml"

    def leftovers(self) -> list[str]:
        return sorted(p.name for p in self.dir.iterdir() if p.name != "flow.yaml")

    def test_kills_mid_write_leave_the_old_file_and_one_reused_temporary(self):
        files.update(self.path, lambda current: [interaction("/kept")])
        before = self.path.read_text()
        for _ in range(3):
            writer = child(KILLED_WRITER, str(self.path))
            wait_for(writer, "writing")
            writer.kill()  # SIGKILL: no cleanup of its own runs
            writer.communicate(timeout=30)
            self.assertEqual(self.path.read_text(), before)
            self.assertEqual(self.leftovers(), [".flow.yaml.apimock-tmp"])

        files.update(self.path, lambda current: [*current, interaction("/next")])

        self.assertEqual(self.leftovers(), [])
        urls = [i["request"]["url"] for i in files.read(self.path).interactions]
        self.assertEqual(
            urls, ["https://api.example.com/kept", "https://api.example.com/next"]
        )

    def test_an_older_writers_random_temporaries_go_with_the_next_write(self):
        (self.dir / ".flow.yaml.k2j4h1.tmp").write_text("half")
        (self.dir / ".other.yaml.k2j4h1.tmp").write_text("not ours")
        files.update(self.path, lambda current: [interaction("/a")])
        self.assertEqual(self.leftovers(), [".other.yaml.k2j4h1.tmp"])


class ConcurrentRunsTest(SimpleTestCase):
    def test_pruning_never_removes_a_run_still_going(self):
        with tempfile.TemporaryDirectory() as folder:
            usage = Path(folder) / ".apimock-usage"
            first = child(RUN, folder, "20261201T000001-first", "wait")
            self.addCleanup(first.kill)
            wait_for(first, "noted")
            for run in ("20261201T000002-second", "20261201T000003-third"):
                later = child(RUN, folder, run)
                wait_for(later, "noted")
                later.communicate(timeout=30)

            # Two newer runs pruned: the first is older, but still going.
            self.assertTrue((usage / "20261201T000001-first").is_dir())
            assert first.stdin is not None
            first.stdin.write("go on\n")
            first.stdin.flush()
            wait_for(first, "noted again")
            first.communicate(timeout=30)
            notes = list((usage / "20261201T000001-first").glob("*.json"))
            self.assertEqual(len(notes), 1)

            # Once it has ended, the next run prunes it as before.
            last = child(RUN, folder, "20261201T000004-fourth")
            wait_for(last, "noted")
            last.communicate(timeout=30)
            self.assertEqual(
                sorted(p.name for p in usage.iterdir()),
                ["20261201T000003-third", "20261201T000004-fourth"],
            )
