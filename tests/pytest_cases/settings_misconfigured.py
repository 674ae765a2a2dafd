"""The sample project with a misspelt APIMOCK key and a stub file with two
misspelt keys: the session stops with every one of them."""

from testproject.settings import *  # noqa: F403

APIMOCK = {
    "STUBS": ["tests/pytest_cases/misconfigured_stubs.yaml"],
    "ASSERT_ALL_USE": True,
}
