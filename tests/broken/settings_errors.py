"""Settings that ``manage.py check`` (and so ``manage.py test``) refuses."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.test import override_settings

from apimock.checks import check_apimock_setting
from tests.broken.registry import scenario, temporary_folder

FORECAST = {"method": "GET", "url": "{settings.FORECAST_API_URL}/today", "json": {}}


def run_checks(apimock: Any, **more: Any) -> str:
    """What ``manage.py check`` prints for this APIMOCK setting."""
    with override_settings(APIMOCK=apimock, **more):
        errors = check_apimock_setting()
    return "\n".join(
        f"{error.id}: {error.msg}" + (f"\n\tHINT: {error.hint}" if error.hint else "")
        for error in errors
    )


@scenario(
    "undefined {settings.NAME}",
    "check",
    diff="{settings.FORECAST_API_URL}",
    paste="FORECAST_API_BASE",
    where='APIMOCK["STUBS"][0]',
)
def undefined_setting() -> str:
    return run_checks(
        {"STUBS": [FORECAST]}, FORECAST_API_BASE="https://api.weather.example.com"
    )


@scenario(
    "stub file path typo",
    "check",
    diff="testproject/stub/stripe.yaml",
    paste="testproject/stubs/stripe.yaml",
    where='APIMOCK["STUBS"][0]',
)
def missing_stub_file() -> str:
    return run_checks({"STUBS": ["testproject/stub/stripe.yaml"]})


@scenario(
    "ALLOWED_HOSTS given as a string",
    "check",
    diff='APIMOCK["ALLOWED_HOSTS"]',
    paste='"ALLOWED_HOSTS": ["localhost", "127.0.0.1"]',
)
def allowed_hosts_string() -> str:
    return run_checks({"ALLOWED_HOSTS": "localhost, 127.0.0.1"})


@scenario(
    "stub key typo",
    "check",
    closest="'daily forecast'",
    diff="'jsn'",
    paste="did you mean 'json'?",
    where='APIMOCK["STUBS"][0]',
)
def stub_key_typo() -> str:
    stub = {
        "name": "daily forecast",
        "method": "GET",
        "url": "https://api.weather.example.com/today",
        "jsn": {},
    }
    return run_checks({"STUBS": [stub]})


@scenario(
    "bad method",
    "check",
    closest="'daily forecast'",
    diff="'GTE'",
    paste="did you mean 'GET'?",
    where='APIMOCK["STUBS"][1]',
)
def bad_method() -> str:
    stub = {
        "name": "daily forecast",
        "method": "GTE",
        "url": "https://api.weather.example.com/today",
    }
    return run_checks({"STUBS": [FORECAST, stub]}, FORECAST_API_URL="https://w.example")


def _stub_file(text: str) -> Path:
    folder = temporary_folder()
    path = folder / "weather.yaml"
    path.write_text(text)
    return path


@scenario(
    "bad stub in a stub file",
    "check",
    closest="'hourly'",
    diff="'status'",
    where="weather.yaml:4",
)
def bad_stub_in_file() -> str:
    path = _stub_file(
        "- method: GET\n  url: https://api.weather.example.com/today\n"
        "  json: {}\n"
        "- name: hourly\n  method: GET\n  url: https://api.weather.example.com/hour\n"
        "  status: two hundred\n"
    )
    return run_checks({"STUBS": [str(path)]})


@scenario(
    "unknown APIMOCK key",
    "check",
    diff="'STUB'",
    paste="did you mean 'STUBS'?",
)
def unknown_setting_key() -> str:
    return run_checks({"STUB": [FORECAST]})


@scenario(
    "CLIENTS path typo",
    "check",
    diff="testproject.reminders.push.PushService.create_mesage",
    paste="create_message",
)
def clients_path_typo() -> str:
    target = "testproject.reminders.push.PushService.create_mesage"
    return run_checks({"CLIENTS": {target: "apimock.AUTOSPEC"}})


@scenario(
    "stub answer with a bad status",
    "check",
    closest="'rate limited'",
    diff="'status'",
    where='APIMOCK["STUBS"][0]',
)
def bad_status() -> str:
    stub: Mapping[str, Any] = {
        "name": "rate limited",
        "method": "GET",
        "url": "https://api.weather.example.com/today",
        "status": 4290,
    }
    return run_checks({"STUBS": [stub]})
