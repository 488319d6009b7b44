from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_tables(sender: AppConfig, using: str, **kwargs) -> None:
    """The throttles' table comes with `migrate`, wherever it runs (idempotent)."""
    call_command("createcachetable", database=using, verbosity=0)


class HipdipsConfig(AppConfig):
    name = "hipdips"
    verbose_name = "Hipdips"

    def ready(self) -> None:
        post_migrate.connect(create_cache_tables, sender=self)
