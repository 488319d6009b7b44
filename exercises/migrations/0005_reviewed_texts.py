"""The exercise texts after the health editor's review (issue 13), and a pregnancy note.

Each field is rewritten only where it still holds the text the first data migration wrote:
an exercise an admin has edited keeps its edit. Users' routines are not touched (their
items hold numbers, not texts). Copied here, not imported, so the migration stays as it is.
"""

from django.db import migrations, models

# slug: {field: (the first version's text, the reviewed text)}
REVIEWED = {
    "step-down": {
        "cues": (
            "Stand with one foot on the step and the other leg beside it in the air.\n"
            "Brace your core.\n"
            "Bend your standing knee slowly to lower yourself.\n"
            "Stop when that knee is at 90 degrees or your free heel lightly touches the floor.\n"
            "Rise again without pushing off that heel.",
            "Stand side-on at the edge of a low step (15 to 20 cm), one foot on it, the other "
            "leg beside the step in the air.\n"
            "Brace your core and keep your hips level: don't let the free side drop.\n"
            "Keep your standing knee over your foot.\n"
            "Bend the standing knee slowly until your free heel lightly touches the floor, or "
            "that knee reaches 90 degrees.\n"
            "Rise again with the standing leg, without pushing off the free heel.",
        ),
    },
    "hip-thrust": {
        "cues": (
            "Sit on the floor, knees bent, feet flat and hip-width apart.\n"
            "Rest your upper back on the bench, just below your shoulder blades.\n"
            "Press through your feet and lift your hips.\n"
            "Squeeze your glutes and core until your body is flat like a tabletop.\n"
            "Hold for 1 to 5 seconds.\n"
            "Lower your hips slowly.",
            "Sit on the floor with a bench, box or firm couch about knee height behind you (a "
            "soft couch sinks).\n"
            "Bend your knees, feet flat and hip-width apart.\n"
            "Rest your upper back on the edge, just below your shoulder blades; tuck your chin "
            "and look ahead.\n"
            "Press through your feet and lift your hips until your body is flat like a "
            "tabletop and your shins are upright.\n"
            "Hold for 1 to 5 seconds, and keep breathing.\n"
            "Lower your hips slowly.",
        ),
        "pregnancy_note": (
            "",
            "Pregnant? After about 20 weeks, long spells lying flat on your back are usually "
            "advised against. Here your upper back is raised, but the easier glute bridge is "
            "done lying flat. Ask your midwife or a physiotherapist which suits you.",
        ),
    },
    "donkey-kick": {
        "cues": (
            "Kneel on all fours, palms flat, knees under your hips.\n"
            "Keep your neck and back neutral and brace your core.\n"
            "Keep the knee bent at 90 degrees, sole facing up.\n"
            "Press that leg up with your glute.\n"
            "Squeeze at the top for 1 to 5 seconds.\n"
            "Lower the knee back under your hip.",
            "Kneel on all fours, hands under your shoulders, knees under your hips.\n"
            "Keep your neck and back neutral and brace your core.\n"
            "Keep one knee bent at 90 degrees, the sole of that foot facing the ceiling.\n"
            "Press the leg up with your glute until your thigh is level with your back, no "
            "higher.\n"
            "Squeeze at the top for 1 to 5 seconds, and keep breathing.\n"
            "Lower the knee back under your hip.",
        ),
    },
    "clamshell": {
        "cues": (
            "Lie on your side with your knees bent about 45 degrees.\n"
            "Stack your legs and hips one on top of the other.\n"
            "Keep your feet together.\n"
            "Lift your top knee until it is in line with your hip.\n"
            "Lower it back down with control.",
            "Lie on your side with your hips bent about 45 degrees and your knees about 90.\n"
            "Line your heels up with your bottom, legs and hips stacked.\n"
            "Keep your feet together.\n"
            "Lift your top knee only as far as your pelvis stays stacked; it must not roll "
            "back.\n"
            "Lower the knee with control.",
        ),
    },
    "fire-hydrant": {
        "cues": (
            "Kneel on all fours, hands under your shoulders, arms straight.\n"
            "Brace your core and keep your back flat.\n"
            "Keep one knee bent at 90 degrees and lift that leg out to the side.\n"
            "Pause for 1 to 5 seconds.\n"
            "Lower the knee back down.",
            "Kneel on all fours, hands under your shoulders with your arms straight, knees "
            "under your hips.\n"
            "Brace your core and keep your back flat.\n"
            "Keep one knee bent at 90 degrees and lift that leg out to the side, to about hip "
            "height.\n"
            "Pause for 1 to 5 seconds, and keep breathing.\n"
            "Lower the knee back down.",
        ),
        "pregnancy_note": (
            "",
            "Pregnant or recently given birth? Moves that take one leg wide can bring on "
            "pelvic girdle pain (at the front or back of the pelvis). Make the lift smaller or "
            "leave it out if it hurts, and ask a midwife or a physiotherapist.",
        ),
    },
}
REVIEWED["step-down"]["pregnancy_note"] = (
    "",
    "Pregnant or recently given birth? Standing on one leg can bring on pelvic girdle pain (at "
    "the front or back of the pelvis). If it does, stop this move and ask a midwife or a "
    "physiotherapist which moves suit you.",
)


def same_text(a: str, b: str) -> bool:
    """Equal but for line endings and surrounding space (the admin's textarea saves CRLF)."""
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


def review(apps, schema_editor, *, forward=True):
    Exercise = apps.get_model("exercises", "Exercise")
    for slug, fields in REVIEWED.items():
        exercise = Exercise.objects.filter(slug=slug).first()
        if exercise is None:
            continue
        changed = []
        for name, (old, new) in fields.items():
            was, becomes = (old, new) if forward else (new, old)
            if same_text(getattr(exercise, name), was):
                setattr(exercise, name, becomes)
                changed.append(name)
        if changed:
            exercise.save(update_fields=changed)


def undo(apps, schema_editor):
    review(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ('exercises', '0004_builtin_routines'),
    ]

    operations = [
        migrations.AddField(
            model_name='exercise',
            name='pregnancy_note',
            field=models.TextField(blank=True, help_text='For exercises on the back, on one leg or with a wide leg.'),
        ),
        migrations.RunPython(review, undo),
    ]
