"""Stands in for websocket not being installed (see tests/test_optional_clients.py)."""

raise ImportError("No module named 'websocket'", name="websocket")
