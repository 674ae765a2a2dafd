"""Outside tests: offline dev mode for ``runserver`` and ``manage.py apimock serve``."""
