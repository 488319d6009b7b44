from django.core.management.base import BaseCommand
from django.db import connection

from hipdips.throttles import purge_expired
from sessions.lifecycle import close_stale_sessions, delete_unclaimed_sessions


class Command(BaseCommand):
    help = (
        "Close workouts untouched for 12 hours as Unfinished, delete anonymous ones nobody "
        "claimed within 30 days, drop login records older than the lockout period, and keep "
        "SQLite's planner statistics current. Safe to run as often as you like (e.g. hourly)."
    )

    def handle(self, *args, **options) -> None:
        closed = close_stale_sessions()
        deleted = delete_unclaimed_sessions()
        purged = purge_expired()
        if connection.vendor == "sqlite":
            # Django never runs ANALYZE, and without statistics SQLite may read a person's
            # sets through the wrong index (PostgreSQL's autovacuum keeps its own).
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA optimize=0x10002")
        self.stdout.write(
            f"Closed {closed} stale workout(s); deleted {deleted} unclaimed; "
            f"purged {purged} old login record(s)."
        )
