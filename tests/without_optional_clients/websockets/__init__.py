"""Stands in for websockets not being installed (see tests/test_optional_clients.py)."""

raise ImportError("No module named 'websockets'", name="websockets")
