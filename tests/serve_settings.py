"""The sample project's settings plus stubs of a v2 API (outside the items
contract): a stateful one and two faults, for tests/test_serve.py."""

from testproject.settings import *  # noqa: F403
from testproject.settings import APIMOCK

APIMOCK = {
    **APIMOCK,
    "STUBS": [
        *APIMOCK["STUBS"],
        {
            "name": "signup: once only",
            "method": "POST",
            "url": "https://api.example.com/v2/signup",
            "responses": [
                {"status": 201, "json": {"user": "{request.json.email}"}},
                {"status": 409, "json": {"error": "already signed up"}},
            ],
        },
        {
            "method": "GET",
            "url": "https://api.example.com/v2/down",
            "error": "connection_error",
        },
        {
            "method": "GET",
            "url": "https://api.example.com/v2/cut",
            "json": {"items": list(range(100))},
            "fault": "truncated_body",
        },
    ],
}
