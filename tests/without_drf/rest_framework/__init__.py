"""Stands in for DRF not being installed (see tests/test_without_drf.py)."""

raise ImportError("No module named 'rest_framework'", name="rest_framework")
