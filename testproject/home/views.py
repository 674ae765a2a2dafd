"""GET /: a page that makes the project's outbound calls, one button each.

Each button runs the project's own code (the stripe SDK, the push client,
the items API over requests and httpx, a newsletter, a weather API with no
stub), so a browser can watch the calls arrive in the apimock journal in dev
mode.
"""

import asyncio
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_protect

from testproject.home import services
from testproject.integrations.api import send_request_to_api
from testproject.integrations.items import fetch_item_httpx
from testproject.payments.views import tokenise
from testproject.reminders.reminders import send_reminder

CARD = {"exp_month": 12, "exp_year": 2030, "cvc": "123"}


def _pay(number: str) -> Callable[[], Any]:
    return lambda: tokenise({**CARD, "number": number})


ACTIONS: dict[str, tuple[str, Callable[[], Any]]] = {
    "pay": ("Pay with a test card (stripe)", _pay("4242424242424242")),
    "declined": ("Pay with a declined card (stripe)", _pay("4000000000000002")),
    "item": ("Read item 5 (httpx)", lambda: asyncio.run(fetch_item_httpx("5"))),
    "create": (
        "Create an item (requests, form post)",
        lambda: send_request_to_api({"name": "widget"}).json(),
    ),
    "remind": ("Send a push reminder", lambda: send_reminder(1, "Your order shipped")),
    "subscribe": (
        "Subscribe to the newsletter",
        lambda: services.subscribe("ada@example.com"),
    ),
    "weather": (
        "Today's weather (no stub yet)",
        lambda: services.weather_today("Lyon"),
    ),
}


@csrf_protect
def home(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST" and request.POST.get("action") in ACTIONS:
        title, action = ACTIONS[request.POST["action"]]
        try:
            outcome = json.dumps(action(), indent=2, default=str)
        except Exception as error:  # shown on the page, as a demo should
            outcome = f"{type(error).__name__}: {error}"
        result = {"title": title, "outcome": outcome}
    actions = [(name, title) for name, (title, _) in ACTIONS.items()]
    return render(request, "home/index.html", {"actions": actions, "result": result})
