"""When the database (or the throttles' Redis) cannot answer: a 503 page at once instead
of a hung worker, and the health check that tells the load balancer."""

import logging
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from hipdips.models import HealthProbe

logger = logging.getLogger(__name__)
# Locked, gone, timed out: not a bug of ours, and over once the server is back.
UNAVAILABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 10
PROBE_WAIT_MS = 1500  # /healthz answers within 2 s, even when a lock never ends


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """Our 503 page; it reads nothing from the database. The player's retry waits and sends
    the same request again; its step number makes a repeat change nothing twice."""
    body = render_to_string("503.html", request=None)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UNAVAILABLE):
            logger.error("Database unavailable for %s: %s", request.path, exception)
            return database_unavailable(request)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database fault outside a view (a session saved on the way out) is a
    503 too; anything else is the usual 500 page."""
    if isinstance(sys.exception(), UNAVAILABLE):
        return database_unavailable(request)
    return defaults.server_error(request)


def database_problem() -> str | None:
    """What stops the app from serving, or None: the database must take a write (a row
    written and rolled back) and, for a file database, have room on its disk; a Redis
    for the throttles must answer."""
    if settings.REDIS_URL:
        try:
            caches["throttle"].get("healthz")
        except UNAVAILABLE as error:
            return f"redis unavailable ({error})"
    sqlite = connection.vendor == "sqlite"
    try:
        if sqlite:
            _sqlite_busy_timeout(PROBE_WAIT_MS)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = {PROBE_WAIT_MS}")
                    cursor.execute(f"SET LOCAL statement_timeout = {PROBE_WAIT_MS}")
            HealthProbe.objects.create()
            transaction.set_rollback(True)
    except DatabaseError as error:
        return f"database unavailable ({error})"
    finally:
        if sqlite:
            _sqlite_busy_timeout(settings.DB_LOCK_TIMEOUT * 1000)
    if sqlite:
        folder = Path(settings.DATABASES["default"]["NAME"]).parent
        free = shutil.disk_usage(folder).free
        if free < settings.HEALTHZ_MIN_FREE_BYTES:
            return f"database disk nearly full ({free // 2**20} MB free)"
    return None


def _sqlite_busy_timeout(milliseconds: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
    except DatabaseError:
        pass  # the probe itself reports it
