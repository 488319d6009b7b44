"""Test settings: the real settings with the few changes a test run needs."""

import os

# The lock test waits this long on purpose; the suite's own writers wait milliseconds.
os.environ.setdefault("DJANGO_DB_LOCK_TIMEOUT", "2")

from hipdips.settings import *  # noqa: F403
from hipdips.settings import BASE_DIR, DATABASES

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
