"""The sample project allowing a /8 through: apimock.W002, a warning only."""

from testproject.settings import *  # noqa: F403
from testproject.settings import APIMOCK

APIMOCK = {
    **APIMOCK,
    "ALLOWED_HOSTS": [*APIMOCK.get("ALLOWED_HOSTS", []), "10.0.0.0/8"],
}
