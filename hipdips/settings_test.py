"""Test settings: the real settings with the few changes a test run needs."""

import os
from urllib.parse import urlsplit

# The lock test waits this long on purpose; the suite's own writers wait milliseconds.
os.environ.setdefault("DJANGO_DB_LOCK_TIMEOUT", "2")

from hipdips.settings import *  # noqa: F403
from hipdips.settings import BASE_DIR, CACHES, DATABASES, REDIS_URL

# DEBUG is off under pytest, and the manifest storage would then need collectstatic first;
# tests/test_static.py runs collectstatic with the real storage once.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Hashing passwords on purpose slowly is pointless in tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# A file, not memory: threads in the concurrency tests and the live server share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("DJANGO_TEST_SQLITE_PATH", str(BASE_DIR / ".test-db.sqlite3"))
    }

# Serve static files from the app folders, as runserver does, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Each pytest-xdist worker ("gw0", "gw1", ...) counts in a Redis database of its own, since a
# test starts by clearing the store (FLUSHDB) and must not wipe another worker's counts.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):
    _database = 1 + int(_worker[2:]) % 15  # Redis has databases 0 to 15
    CACHES["throttle"]["LOCATION"] = urlsplit(REDIS_URL)._replace(path=f"/{_database}").geturl()
