"""The sample project's settings with a broken APIMOCK, for the check tests."""

from testproject.settings import *  # noqa: F403

APIMOCK = {
    "STUBS": [
        {"method": "GET"},  # no url
        "tests/no-such-stubs.yaml",
    ],
    "ALLOWED_HOST": ["localhost"],  # misspelt key
}
