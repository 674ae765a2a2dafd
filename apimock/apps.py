from __future__ import annotations

from django.apps import AppConfig
from django.core import checks


class APIMockConfig(AppConfig):
    name = "apimock"
    verbose_name = "API mock"

    def ready(self) -> None:
        from apimock.cassettes import usage
        from apimock.checks import (
            check_apimock_setting,
            check_clients,
            check_dev_mode,
            check_test_clients,
            check_wide_open_hosts,
        )
        from apimock.dev import mode as devmode

        checks.register(check_apimock_setting, "apimock")
        checks.register(check_dev_mode, "apimock")
        checks.register(check_clients, "apimock")
        checks.register(check_test_clients, "apimock")
        checks.register(check_wide_open_hosts, "apimock")
        devmode.configure()
        # Before Django's runner forks its workers, so they share the run.
        usage.run_id()
