"""The sample project's settings, DEBUG on at start-up as in development,
with dev mode on and a stub for a loopback probe URL (APIMOCK_PROBE_URL)."""

import os

from testproject.settings import *  # noqa: F403
from testproject.settings import APIMOCK

DEBUG = True
PROBE_URL = os.environ.get("APIMOCK_PROBE_URL", "http://127.0.0.1:9/probe")
APIMOCK = {
    **APIMOCK,
    "ACTIVE_IN_DEV": True,
    "STUBS": [
        *APIMOCK["STUBS"],
        {"method": "GET", "url": "{settings.PROBE_URL}", "json": {"stub": True}},
    ],
}
