"""Stands in for httpx2 not being installed (see tests/test_optional_clients.py)."""

raise ImportError("No module named 'httpx2'", name="httpx2")
