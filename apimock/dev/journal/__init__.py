"""The journal: every outbound call a dev server made, as a page.

``runserver`` in offline dev mode and ``manage.py apimock serve`` keep the
last ``APIMOCK["JOURNAL_SIZE"]`` calls (redacted as cassettes are) and serve
them under ``APIMOCK["JOURNAL_PATH"]``; django-debug-toolbar users get the
calls of one request in a panel. Nothing here runs, or is imported, unless
one of those servers starts it.

recording (the journal and its entries), inventory (the stubs in force and
what the actions change), views and urls (the pages), mount (the path in
runserver), serving (the same pages in ``apimock serve``), panel (the
toolbar's), rendering (templates and assets shipped in this folder).
"""
