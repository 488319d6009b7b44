"""Each set carries its session's owner, so that a person's figures read their own sets by
index; the sets a database already holds get their session's owner."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_owners(apps, schema_editor):
    SetLog = apps.get_model("workouts", "SetLog")
    WorkoutSession = apps.get_model("workouts", "WorkoutSession")
    owner = WorkoutSession.objects.filter(pk=models.OuterRef("session_id")).values("owner_id")
    SetLog.objects.update(owner_id=models.Subquery(owner[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0005_reviewed_texts"),
        ("workouts", "0005_pause_keeps_rest_and_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="setlog",
            name="setlog_last_time",
        ),
        migrations.AddField(
            model_name="setlog",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(copy_owners, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="setlog",
            index=models.Index(
                fields=["owner", "exercise", "logged_at"], name="setlog_owner_exercise"
            ),
        ),
    ]
