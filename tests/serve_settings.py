"""The sample project's settings plus stubs of a v2 API (outside the items
contract): a stateful one and two faults; and one items stub whose answer
breaks the items contract, for tests/test_serve.py. (A url_regex stub is
checked only when it answers, so `manage.py check` lets the server start.)"""

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
            "name": "items: old shape",
            "method": "GET",
            "url_regex": r"https://api\.example\.com/v1/items/9+",
            "json": {"id": 9},
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
