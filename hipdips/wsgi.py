"""The WSGI entry point: `gunicorn hipdips.wsgi` (README.md has the full command)."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from hipdips.env import EnvError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hipdips.settings")

try:
    application = get_wsgi_application()
except EnvError as error:
    sys.exit(f"hipdips: {error}")
