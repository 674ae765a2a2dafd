"""Stands in for httpx not being installed (see tests/test_optional_clients.py)."""

raise ModuleNotFoundError("No module named 'httpx'", name="httpx")
