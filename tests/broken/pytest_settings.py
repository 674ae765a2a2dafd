"""The sample project's settings with the broken scenarios' stubs, for the
pytest scenarios' child process."""

from testproject.settings import *  # noqa: F403
from tests.broken.project import APIMOCK  # noqa: F401
