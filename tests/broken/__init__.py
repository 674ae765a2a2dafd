"""Deliberately broken tests, of the kinds users write, and what each must say.

Every scenario here fails on purpose (a miss, a near miss, a failed assertion,
a bad setting...). ``tests/test_messages.py`` runs them and asserts each
message has what the checklist asks of it; ``python -m tests.broken`` prints
the checklist table. None of these modules is named ``test*``: the runner
does not collect them, the checklist runs them one by one.
"""
