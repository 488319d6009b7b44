"""One name per owner's routine, whatever the case: the duplicates a database already holds
are numbered first ("Legs", "legs (2)"), the oldest keeping its name."""

import django.db.models.functions.text
from django.db import migrations, models


def number_duplicates(apps, schema_editor):
    Routine = apps.get_model("exercises", "Routine")
    owned = Routine.objects.filter(owner__isnull=False).order_by("owner_id", "created_at", "id")
    taken: dict[int, set[str]] = {}
    for routine in owned:
        names = taken.setdefault(routine.owner_id, set())
        name, number = routine.name, 1
        while name.lower() in names:
            number += 1
            suffix = f" ({number})"
            name = routine.name[: 80 - len(suffix)] + suffix
        names.add(name.lower())
        if name != routine.name:
            Routine.objects.filter(pk=routine.pk).update(name=name)


class Migration(migrations.Migration):
    dependencies = [("exercises", "0005_reviewed_texts")]

    operations = [
        migrations.RunPython(number_duplicates, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="routine",
            constraint=models.UniqueConstraint(
                models.F("owner"),
                django.db.models.functions.text.Lower("name"),
                name="routine_name_unique_per_owner",
                violation_error_message="You already have a routine called that.",
            ),
        ),
    ]
