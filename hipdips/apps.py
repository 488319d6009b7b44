from django.apps import AppConfig
from django.contrib.auth.signals import user_login_failed
from django.core.management import call_command
from django.db.models.signals import post_migrate


def count_failed_login(sender, credentials: dict, request=None, **kwargs) -> None:
    """Every wrong password, on any login form, counts against the address it came from."""
    from hipdips import throttles

    if request is not None:
        throttles.record(throttles.LOGIN_FAILURES_PER_ADDRESS, throttles.client_address(request))


def create_cache_tables(sender: AppConfig, using: str, **kwargs) -> None:
    """The throttles' table comes with `migrate`, wherever it runs (idempotent)."""
    call_command("createcachetable", database=using, verbosity=0)


class HipdipsConfig(AppConfig):
    name = "hipdips"
    verbose_name = "Hipdips"

    def ready(self) -> None:
        user_login_failed.connect(count_failed_login, dispatch_uid="hipdips-count-failed-login")
        post_migrate.connect(create_cache_tables, sender=self)
