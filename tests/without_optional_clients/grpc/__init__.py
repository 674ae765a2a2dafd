"""Stands in for grpc not being installed (see tests/test_optional_clients.py)."""

raise ImportError("No module named 'grpc'", name="grpc")
