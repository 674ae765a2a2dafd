"""The settings every broken scenario runs under: the sample project's with
a stub list of their own, so a stub the sample gains changes no report here
(nor the docs' examples, which are these reports)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent

APIMOCK: dict[str, Any] = {
    "STUBS": [
        {
            "name": "items: created",
            "method": "POST",
            "url": "{settings.API_URL}",
            "match": {
                "form": {"params": {"auth": "{settings.ITEMS_API_ACCEPTED_KEY}"}}
            },
            "status": 200,
            "json": {"item_id": "12345678"},
        },
        {
            "name": "items: wrong key",
            "method": "POST",
            "url": "{settings.API_URL}",
            "status": 401,
            "json": {"error": "invalid auth key"},
        },
        {
            "name": "items: one item",
            "method": "GET",
            "url": "{settings.API_URL}/{id}",
            "match": {
                "headers": {"Authorization": "Key {settings.ITEMS_API_ACCEPTED_KEY}"}
            },
            "json": {"item_id": "{request.path.id}", "name": "widget"},
        },
        {
            "name": "push: message created",
            "method": "POST",
            "url": "{settings.PUSH_API_URL}",
            "status": 201,
            "json": {"id": "msg_1", "status": "queued"},
        },
        "testproject/stubs/stripe.yaml",
    ],
    "CASSETTE_DIR": str(ROOT / "testproject" / "cassettes"),
    "CONTRACTS": {"{settings.ITEMS_API_BASE}": "testproject/contracts/items.yaml"},
}
