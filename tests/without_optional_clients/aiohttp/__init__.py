"""Stands in for aiohttp not being installed (see tests/test_optional_clients.py)."""

raise ModuleNotFoundError("No module named 'aiohttp'", name="aiohttp")
