"""The sample project with every pytest test guarded and unused stubs reported."""

from testproject.settings import *  # noqa: F403
from testproject.settings import APIMOCK

APIMOCK = {**APIMOCK, "PYTEST_GUARD_ALL": True, "ASSERT_ALL_USED": True}
