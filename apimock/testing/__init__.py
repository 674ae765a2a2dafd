"""The test-runner wiring: test cases, pytest, ``mocked()`` and the per-test session."""
