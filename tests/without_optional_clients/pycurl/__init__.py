"""Stands in for pycurl not being installed (see tests/test_optional_clients.py)."""

raise ImportError("No module named 'pycurl'", name="pycurl")
