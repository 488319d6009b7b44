"""The throttles' two stores: Django's database and Redis caches, each with the three
operations a limit needs done in one atomic step, which Django's `incr` (a check, then an
add) cannot promise:

- `count(key, period)`: one more attempt; the first starts the period. Gives the count
  and the seconds until it is forgotten, so no second key has to remember the start.
- `peek(key)`: the same two figures, counting nothing.
- `take_back(key)`: one attempt less, if the period is still running.
"""

import base64
import math
import pickle
from datetime import datetime, timedelta
from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import IntegrityError, connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

NOTHING = (0, 0)


class DatabaseCache(DjangoDatabaseCache):
    _table: str  # the table's name, set by Django's __init__ (django-stubs leaves it out)

    def count(self, key: str, period: int) -> tuple[int, int]:
        try:
            return self._change(key, +1, start_period=period)
        except IntegrityError:  # two first attempts inserted at once: the row is there now
            return self._change(key, +1, start_period=period)

    def peek(self, key: str) -> tuple[int, int]:
        return self._change(key, 0)

    def take_back(self, key: str) -> None:
        self._change(key, -1)

    def _change(self, key: str, delta: int, *, start_period: int = 0) -> tuple[int, int]:
        """Add delta to a live count, the row locked meanwhile (SELECT ... FOR UPDATE where
        the database has it; on SQLite the write lock an IMMEDIATE transaction takes). With
        start_period, a missing or expired count starts a new period at delta."""
        key = self.make_and_validate_key(key)
        connection = connections[router.db_for_write(self.cache_model_class)]
        quote, adapt = connection.ops.quote_name, connection.ops.adapt_datetimefield_value
        table = quote(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        # Whole seconds, as Django's own set and add write and compare them.
        now = timezone.now().replace(microsecond=0)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"SELECT value, expires FROM {table} WHERE cache_key = %s{lock}", [key])
            row = cursor.fetchone()
            expires = _read_datetime(connection, row[1]) if row else None
            if expires is not None and expires >= now:
                value = _decode(connection.ops.process_clob(row[0])) + delta
                if delta:
                    cursor.execute(
                        f"UPDATE {table} SET value = %s WHERE cache_key = %s",
                        [_encode(value), key],
                    )
            elif start_period:
                value, expires = delta, now + timedelta(seconds=start_period)
                if row:
                    cursor.execute(
                        f"UPDATE {table} SET value = %s, expires = %s WHERE cache_key = %s",
                        [_encode(value), adapt(expires), key],
                    )
                else:
                    cursor.execute(
                        f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s)",
                        [key, _encode(value), adapt(expires)],
                    )
            else:
                return NOTHING
        return value, max(1, math.ceil((expires - timezone.now()).total_seconds()))

    def delete_expired(self) -> int:
        """Remove the rows whose time is up (Django removes them only when the table is
        full); `manage.py cleanup` calls this."""
        connection = connections[router.db_for_write(self.cache_model_class)]
        table = connection.ops.quote_name(self._table)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [now])
            removed: int = cursor.rowcount
            return removed


def _encode(value: int) -> str:
    return base64.b64encode(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)).decode()


def _decode(value: str) -> int:
    count: int = pickle.loads(base64.b64decode(value.encode()))
    return count


def _read_datetime(connection: BaseDatabaseWrapper, value: object) -> datetime:
    """A datetime as the database returned it (SQLite: text), as Django's cache reads it."""
    expression = models.Expression(output_field=models.DateTimeField())
    converters = connection.ops.get_db_converters(expression)
    for converter in converters + expression.get_db_converters(connection):
        value = converter(value, expression, connection)
    if not isinstance(value, datetime):
        raise TypeError(f"The cache's expiry is not a date and time: {value!r}")
    return value


# Lua runs in Redis as one step: no key can expire between the lines.
COUNT = """
redis.call('SET', KEYS[1], 0, 'EX', ARGV[1], 'NX')
return {redis.call('INCR', KEYS[1]), redis.call('TTL', KEYS[1])}
"""
PEEK = "return {tonumber(redis.call('GET', KEYS[1]) or 0), redis.call('TTL', KEYS[1])}"
TAKE_BACK = "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DECR', KEYS[1]) end"


class RedisCache(DjangoRedisCache):
    def count(self, key: str, period: int) -> tuple[int, int]:
        count, ttl = self._run(COUNT, key, period)
        return count, max(1, ttl)

    def peek(self, key: str) -> tuple[int, int]:
        count, ttl = self._run(PEEK, key)
        return (count, max(1, ttl)) if count else NOTHING

    def take_back(self, key: str) -> None:
        self._run(TAKE_BACK, key)

    def _run(self, script: str, key: str, *args: int) -> Any:
        """What the script returns: a Lua number as an int, a table as a list."""
        key = self.make_and_validate_key(key)
        # Django's client keeps the connection pool; integers are stored as plain numbers.
        return self._cache.get_client(key, write=True).eval(script, 1, key, *args)
