"""pytest test files that tests/test_pytest_plugin.py runs in a pytest subprocess.

Named ``cases_*.py`` so neither Django's runner nor a plain ``pytest`` run
collects them; some are meant to fail, and the runner test checks each
outcome.
"""
