"""Stands in for niquests not being installed (see tests/test_optional_clients.py)."""

raise ImportError("No module named 'niquests'", name="niquests")
