"""Stands in for httplib2 not being installed (see tests/test_optional_clients.py)."""

raise ImportError("No module named 'httplib2'", name="httplib2")
