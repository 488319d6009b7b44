from django.core.management.base import BaseCommand

from hipdips.throttles import purge_expired
from sessions.lifecycle import close_stale_sessions, delete_unclaimed_sessions


class Command(BaseCommand):
    help = (
        "Close workouts untouched for 12 hours as Unfinished, delete anonymous ones nobody "
        "claimed within 30 days, and drop login records older than the lockout period. "
        "Safe to run as often as you like (e.g. hourly)."
    )

    def handle(self, *args, **options) -> None:
        closed = close_stale_sessions()
        deleted = delete_unclaimed_sessions()
        purged = purge_expired()
        self.stdout.write(
            f"Closed {closed} stale workout(s); deleted {deleted} unclaimed; "
            f"purged {purged} old login record(s)."
        )
