"""A throwaway test database for the small timing scripts (set up like the test suite's)."""

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_with_test_database(run: Callable[[], None]) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hipdips.settings_test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    with tempfile.TemporaryDirectory() as folder:
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "bench.sqlite3")
        runner = get_runner(django.conf.settings)(verbosity=0, interactive=False)
        old = runner.setup_databases()
        try:
            run()
        finally:
            runner.teardown_databases(old)
