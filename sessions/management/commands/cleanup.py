from django.core.management.base import BaseCommand

from sessions.logic import close_stale_sessions, delete_unclaimed_sessions


class Command(BaseCommand):
    help = (
        "Close workouts untouched for 12 hours as Unfinished, and delete anonymous ones "
        "nobody claimed within 30 days. Safe to run as often as you like (e.g. hourly)."
    )

    def handle(self, *args, **options) -> None:
        closed = close_stale_sessions()
        deleted = delete_unclaimed_sessions()
        self.stdout.write(f"Closed {closed} stale workout(s); deleted {deleted} unclaimed.")
