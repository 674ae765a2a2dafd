"""niquests (urllib3-future), sync and async, against a canary.

niquests is not in ``[dev]``: its urllib3-future wheel writes its own files
over urllib3's. .ci/run installs it the way niquests' docs give for living
beside urllib3 (``URLLIB3_NO_OVERRIDE=1 pip install niquests --no-binary
urllib3-future``), and a test here proves urllib3 is still the real one.
"""

from __future__ import annotations

import asyncio
import importlib.util
import unittest

import urllib3

from tests.test_httplib2 import CanaryTestCase

HAS_NIQUESTS = importlib.util.find_spec("niquests") is not None
if HAS_NIQUESTS:
    import niquests


@unittest.skipUnless(HAS_NIQUESTS, "niquests is installed by .ci/run, not [dev]")
class NiquestsTest(CanaryTestCase):
    def setUp(self):
        super().setUp()
        self.url = f"{self.canary.url}/v1/things"

    def test_urllib3_is_still_the_real_one(self):
        # urllib3-future's versions are MAJOR.MINOR.9PP; urllib3's never are.
        self.assertLess(int(urllib3.__version__.split(".")[2]), 900)
        self.assertNotIn("urllib3_future", urllib3.__file__)

    def test_unstubbed_is_refused(self):
        with self.assertUnmatched() as caught:
            niquests.post(self.url, json={"a": 1}, timeout=5)

        self.assertIn(f"POST {self.url}", str(caught.exception))
        self.assertCanaryUntouched()

    def test_stubbed_sync_and_async(self):
        self.api.add(
            "POST", self.url, status=201, json={"id": 7}, match={"json": {"a": 1}}
        )

        with niquests.Session() as session:
            response = session.post(self.url, json={"a": 1}, timeout=5)

        async def call():
            async with niquests.AsyncSession() as session:
                return await session.post(self.url, json={"a": 1}, timeout=5)

        answered = asyncio.run(call())

        for each in (response, answered):
            self.assertIsInstance(each, niquests.Response)
            self.assertEqual((each.status_code, each.json()), (201, {"id": 7}))
        self.assertAPICalled("POST", self.url, times=2)
        self.assertEqual(self.api.calls[0].client, "niquests")
        self.assertCanaryUntouched()

    def test_a_timeout_is_niquests_own(self):
        self.api.add("GET", self.url, error="timeout")

        with self.assertRaises(niquests.Timeout):
            niquests.get(self.url, timeout=5)
