"""The database cache, with the one thing the throttles need that Django's lacks: an
increment that loses no count when workers add to the same key at once."""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class DatabaseCache(DjangoDatabaseCache):
    def _write_connection(self):
        return connections[router.db_for_write(self.cache_model_class)]

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        """Django's own reads and writes in two steps, so two workers can both turn 4 into 5.
        Here the row is locked between the two: SELECT ... FOR UPDATE where the database
        has it, and on SQLite the write lock that an IMMEDIATE transaction takes at once."""
        key = self.make_and_validate_key(key, version=version)
        connection = self._write_connection()
        table = connection.ops.quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                # Live until the second it expires, as Django's get and add see it.
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires >= %s{lock}",
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found.")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode()
            cursor.execute(f"UPDATE {table} SET value = %s WHERE cache_key = %s", [encoded, key])
        return value

    def delete_expired(self) -> int:
        """Remove the rows whose time is up (Django removes them only when the table is
        full); `manage.py cleanup` calls this."""
        connection = self._write_connection()
        table = connection.ops.quote_name(self._table)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [now])
            return cursor.rowcount
