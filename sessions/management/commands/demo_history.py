import random
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from exercises.models import Routine
from exercises.plans import PlanItem, plan_for
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
        start = timezone.now().replace(hour=7, minute=0, second=0, microsecond=0)
        start -= timedelta(days=365 * years)
        with transaction.atomic():
            workouts, sets = finished_workouts(
                ((user, start + timedelta(days=day)) for day in range(365 * years)),
                reps=lambda item: rng.randint(item.reps_min - 2, item.reps_max),
            )
        self.stdout.write(f"Added {workouts} workouts and {sets} sets for {email}.")


def finished_workouts(
    starts: Iterable[tuple[User, datetime]], *, reps: Callable[[PlanItem], int]
) -> tuple[int, int]:
    """In bulk, one completed Full routine for each (person, start), every set done with
    reps(item) reps, 80 s a step; their owners' record versions move. Returns the numbers
    of workouts and sets made."""
    routine = Routine.objects.get(name="Full routine", owner=None)
    plan = plan_for(routine)
    steps = plan_steps(plan)
    frozen = [asdict(item) for item in plan]
    sessions = WorkoutSession.objects.bulk_create(
        WorkoutSession(
            owner=owner,
            routine=routine,
            routine_name=routine.name,
            plan=frozen,
            state=State.COMPLETED,
            position=len(steps),
            started_at=started,
            touched_at=started + timedelta(minutes=40),
            finished_at=started + timedelta(minutes=40),
        )
        for owner, started in starts
    )
    logs = [
        set_log(
            session,
            step,
            plan[step.item_position],
            reps=reps(plan[step.item_position]),
            logged_at=session.started_at + timedelta(seconds=80 * step.index),
        )
        for session in sessions
        for step in steps
    ]
    SetLog.objects.bulk_create(logs, batch_size=5000)
    User.objects.record_changed(*{session.owner_id for session in sessions})
    return len(sessions), len(logs)
