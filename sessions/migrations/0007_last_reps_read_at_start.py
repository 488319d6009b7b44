"""Last time's reps are read once, when a workout starts, instead of on every set screen.
Workouts open at the time of this migration get theirs read here, so their remaining sets
are still prefilled from last time. And an index for a person's open workout."""

from django.db import migrations, models

RECENT_WORKOUTS = 30  # as sessions.screens.RECENT_WORKOUTS when this was written


def read_last_reps_of_open_workouts(apps, schema_editor):
    WorkoutSession = apps.get_model("workouts", "WorkoutSession")
    SetLog = apps.get_model("workouts", "SetLog")
    for session in WorkoutSession.objects.filter(state__in=["in_progress", "paused"]):
        earlier = WorkoutSession.objects.filter(started_at__lt=session.started_at)
        if session.owner_id:
            earlier = earlier.filter(owner_id=session.owner_id)
        elif session.browser_key:
            earlier = earlier.filter(owner__isnull=True, browser_key=session.browser_key)
        else:
            continue
        recent = earlier.order_by("-started_at").values("pk")[:RECENT_WORKOUTS]
        rows = (
            SetLog.objects.filter(session__in=recent, skipped=False)
            .order_by("logged_at")
            .values_list("exercise_id", "set_number", "side", "reps")
        )
        session.last_reps = {f"{e}:{n}:{side}": reps for e, n, side, reps in rows}
        session.save(update_fields=["last_reps"])


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0006_setlog_owner"),
    ]

    operations = [
        migrations.AddField(
            model_name="workoutsession",
            name="last_reps",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Last time's reps of each exercise, set and side, read at the start.",
            ),
        ),
        migrations.RunPython(read_last_reps_of_open_workouts, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="workoutsession",
            index=models.Index(fields=["owner", "state"], name="session_owner_state"),
        ),
    ]
