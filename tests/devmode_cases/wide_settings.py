"""Dev settings whose ALLOWED_HOSTS lets the whole internet through."""

from tests.devmode_cases.settings import *  # noqa: F403
from tests.devmode_cases.settings import APIMOCK

APIMOCK = {**APIMOCK, "ALLOWED_HOSTS": ["localhost", "0.0.0.0/0", "::/0"]}
