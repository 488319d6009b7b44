"""Creates the two built-in routines (shared/DESIGN.md), once, matched by name."""

from django.db import migrations

FULL = [
    # slug, sets, reps_min, reps_max, hold_seconds, rest_seconds
    ("squat", 3, 10, 12, 0, 45),
    ("step-down", 3, 10, 12, 0, 45),
    ("hip-thrust", 3, 10, 12, 3, 45),
    ("donkey-kick", 3, 10, 12, 3, 45),
    ("clamshell", 3, 10, 12, 0, 45),
    ("fire-hydrant", 3, 10, 12, 3, 45),
]
# About eight minutes: 480 s by the estimate of exercises.plans.estimated_seconds.
QUICK = [
    ("squat", 2, 10, 12, 0, 20),
    ("clamshell", 1, 10, 12, 0, 20),
    ("fire-hydrant", 1, 10, 12, 1, 20),
    ("hip-thrust", 2, 10, 12, 2, 20),
]
ROUTINES = [
    ("Full routine", "All six exercises, 3 sets each, with a 3-second hold where it helps.", 1, FULL),
    ("Quick routine", "Four exercises in about eight minutes, for busy days.", 2, QUICK),
]


def create_routines(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    Routine = apps.get_model("exercises", "Routine")
    RoutineItem = apps.get_model("exercises", "RoutineItem")
    exercises = {exercise.slug: exercise for exercise in Exercise.objects.all()}
    for name, description, order, items in ROUTINES:
        routine, created = Routine.objects.get_or_create(
            name=name,
            owner=None,
            defaults={"description": description, "display_order": order},
        )
        if not created:
            continue
        for position, (slug, sets, reps_min, reps_max, hold, rest) in enumerate(items):
            RoutineItem.objects.create(
                routine=routine,
                position=position,
                exercise=exercises[slug],
                sets=sets,
                reps_min=reps_min,
                reps_max=reps_max,
                hold_seconds=hold,
                rest_seconds=rest,
            )


def delete_routines(apps, schema_editor):
    Routine = apps.get_model("exercises", "Routine")
    Routine.objects.filter(owner=None, name__in=[name for name, *_ in ROUTINES]).delete()


class Migration(migrations.Migration):
    dependencies = [("exercises", "0003_routines")]

    operations = [migrations.RunPython(create_routines, delete_routines)]
