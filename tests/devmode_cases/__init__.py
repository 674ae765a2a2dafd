"""Tests run by tests/test_devmode.py in a subprocess, under the real runner
(the default pattern does not find them: no file here starts with "test")."""
