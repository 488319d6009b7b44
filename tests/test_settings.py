"""The settings module as an operator meets it: environment in, one clear line when wrong."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 20 + "-not-a-real-key-but-long-enough-for-the-check-1234567",
    "DJANGO_ALLOWED_HOSTS": "hipdips.example",
    "DJANGO_SMTP_HOST": "smtp.example",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean["DJANGO_SETTINGS_MODULE"] = "hipdips.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_pass_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_local_runs_need_no_environment():
    result = manage("check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("missing", "named"),
    [("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY"), ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS")],
)
def test_production_refuses_to_start_without_a_required_variable(missing, named):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0], result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_URL", "nonsense://"),
        ("DJANGO_HSTS_SECONDS", "a year"),
        ("DJANGO_RATE_MAILS_PER_EMAIL", "lots"),
        ("DJANGO_RATE_SIGNUPS_PER_ADDRESS", "0/1h"),
        ("DJANGO_RATE_MAILS_PER_EMAIL", "10/0h"),
        ("DJANGO_RATE_MAILS_PER_EMAIL", "\u00b2/1h"),  # a superscript 2 is no count
        ("DJANGO_PROXY_COUNT", "0"),
        ("DJANGO_DB_LOCK_TIMEOUT", "0"),
    ],
)
def test_a_malformed_value_stops_start_up_with_one_line_naming_it(variable, value):
    result = manage("check", **{**PRODUCTION_ENV, variable: value})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0], result.stderr


def show_settings(expression: str, **env: str) -> str:
    code = f"from django.conf import settings; print({expression})"
    result = manage("shell", "--no-imports", "-c", code, **{"REDIS_URL": "", **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_limits_are_read_from_the_environment():
    assert show_settings("settings.RATES['mails-per-email']") == "(3, 3600)"
    shown = show_settings("settings.RATES['mails-per-email']", DJANGO_RATE_MAILS_PER_EMAIL="5/30m")
    assert shown == "(5, 1800)"
    assert show_settings("settings.RATELIMIT_ENABLED", DJANGO_RATELIMIT_ENABLED="0") == "False"


def test_the_throttle_store_is_the_database_unless_redis_is_given():
    backend = "settings.CACHES['throttle']['BACKEND'], settings.CACHES['default']['BACKEND']"
    local = "django.core.cache.backends.locmem.LocMemCache"
    assert show_settings(backend) == f"hipdips.cache.DatabaseCache {local}"
    # Fragments stay in each worker's memory whichever store the throttles use.
    shown = show_settings(backend, REDIS_URL="redis://cache.internal:6379/1")
    assert shown == f"hipdips.cache.RedisCache {local}"


def test_migrate_creates_the_throttles_table_too(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    result = manage(
        "migrate",
        "--no-input",
        "-v",
        "0",
        DJANGO_SQLITE_PATH=str(database),
        DATABASE_URL="",
        REDIS_URL="",
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "hipdips_throttle" in tables


def test_a_short_secret_key_is_refused():
    result = manage("check", **{**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_sqlite_is_set_up_for_concurrent_writers(settings, db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("only meaningful on SQLite; this run uses " + connection.vendor)
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == settings.DB_LOCK_TIMEOUT  # the suite's is shorter
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60  # not a new one per request
    assert show_settings("settings.DATABASES['default']['OPTIONS']['timeout']") == "5"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
