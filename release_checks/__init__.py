"""Checks of the built package, run by .ci/run (not part of the suite):
``python manage.py test release_checks.wheel_in_new_project``."""
