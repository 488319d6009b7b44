import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from exercises.models import Routine
from exercises.plans import plan_for
from hipdips.models import User
from sessions.actions import set_log
from sessions.models import SetLog, State, WorkoutSession
from sessions.steps import plan_steps

DEMO_PASSWORD = "demo-password-1234"


class Command(BaseCommand):
    help = "Give a user years of daily Full routine workouts, for demos and benchmarks."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", default="demo@example.com")
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, email: str, years: int, seed: int, **options) -> None:
        rng = random.Random(seed)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, time_zone="Europe/Berlin")
            self.stdout.write(f"Created {email} (password: {DEMO_PASSWORD}).")
        routine = Routine.objects.get(name="Full routine", owner=None)
        plan = plan_for(routine)
        steps = plan_steps(plan)
        frozen = [item.__dict__ for item in plan]
        start = timezone.now().replace(hour=7, minute=0, second=0, microsecond=0)
        start -= timedelta(days=365 * years)
        days = 365 * years
        with transaction.atomic():
            sessions = WorkoutSession.objects.bulk_create(
                WorkoutSession(
                    owner=user,
                    routine=routine,
                    routine_name=routine.name,
                    plan=frozen,
                    state=State.COMPLETED,
                    position=len(steps),
                    started_at=start + timedelta(days=day),
                    touched_at=start + timedelta(days=day, minutes=40),
                    finished_at=start + timedelta(days=day, minutes=40),
                )
                for day in range(days)
            )
            logs = []
            for session in sessions:
                for step in steps:
                    item = plan[step.item_position]
                    reps = rng.randint(item.reps_min - 2, item.reps_max)
                    when = session.started_at + timedelta(seconds=80 * step.index)
                    logs.append(set_log(session, step, item, reps=reps, logged_at=when))
            SetLog.objects.bulk_create(logs, batch_size=5000)
            User.objects.record_changed(user.pk)
        self.stdout.write(f"Added {len(sessions)} workouts and {len(logs)} sets for {email}.")
