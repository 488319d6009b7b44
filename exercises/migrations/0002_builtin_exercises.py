"""Creates the six built-in exercises (shared/CONTENT.md), once.

The data is copied here, not imported, so that this migration stays the same whatever the code
later becomes. Rows are matched by slug: running it again, or after an edit in the admin,
never duplicates or overwrites an exercise.
"""

from django.db import migrations

EXERCISES = [{'slug': 'squat',
  'name': 'Squat',
  'display_order': 1,
  'summary': 'Lower your hips back and down with both feet on the floor, then stand up again. '
             'It works the glutes and the fronts of the thighs.',
  'cues': 'Stand with your feet shoulder-width apart, toes turned slightly out.\n'
          'Brace your core and keep your chest up.\n'
          'Push your hips back and down as your knees bend.\n'
          'Press your feet into the floor.\n'
          'Stand up using your legs and glutes.',
  'equipment': 'none',
  'equipment_note': 'Nothing; a mat helps',
  'per_side': False,
  'default_sets': 3,
  'reps_min': 10,
  'reps_max': 12,
  'hold_min': 0,
  'hold_max': 0,
  'target_muscles': 'Glutes\nQuadriceps',
  'easier_variation': 'Go only as low as feels comfortable, or sit back onto a chair and stand '
                      'up from it.',
  'harder_variation': 'Take three seconds to lower, pause for a second at the bottom, then '
                      'stand.',
  'safety_note': 'Keep your heels down and your knees pointing the same way as your toes. Stop '
                 'if a knee or your back hurts.'},
 {'slug': 'step-down',
  'name': 'Step down',
  'display_order': 2,
  'summary': 'Standing on one leg on a step, bend that knee slowly until the other heel nears '
             'the floor. It works the side of the hip that keeps the pelvis level, and the '
             'front of the thigh.',
  'cues': 'Stand with one foot on the step and the other leg beside it in the air.\n'
          'Brace your core.\n'
          'Bend your standing knee slowly to lower yourself.\n'
          'Stop when that knee is at 90 degrees or your free heel lightly touches the floor.\n'
          'Rise again without pushing off that heel.',
  'equipment': 'step',
  'equipment_note': 'A step, box or the bottom stair',
  'per_side': True,
  'default_sets': 3,
  'reps_min': 10,
  'reps_max': 12,
  'hold_min': 0,
  'hold_max': 0,
  'target_muscles': 'Gluteus medius\nQuadriceps',
  'easier_variation': 'Use a lower step, and rest a hand on a wall or banister for balance.',
  'harder_variation': 'Take three to four seconds to lower yourself, or use a slightly higher '
                      'step.',
  'safety_note': 'Use a steady step that cannot slide. Keep your standing knee in line with '
                 'your toes rather than letting it drift inward.'},
 {'slug': 'hip-thrust',
  'name': 'Hip thrust',
  'display_order': 3,
  'summary': 'With your upper back resting on a bench or couch, lift your hips until your body '
             'is flat like a tabletop. It works the glutes and the backs of the thighs.',
  'cues': 'Sit on the floor, knees bent, feet flat and hip-width apart.\n'
          'Rest your upper back on the bench, just below your shoulder blades.\n'
          'Press through your feet and lift your hips.\n'
          'Squeeze your glutes and core until your body is flat like a tabletop.\n'
          'Hold for 1 to 5 seconds.\n'
          'Lower your hips slowly.',
  'equipment': 'bench',
  'equipment_note': 'A bench, couch or sturdy box behind your back',
  'per_side': False,
  'default_sets': 3,
  'reps_min': 10,
  'reps_max': 12,
  'hold_min': 1,
  'hold_max': 5,
  'target_muscles': 'Gluteus maximus\nHamstrings',
  'easier_variation': 'Do a glute bridge: lie on your back on the floor and lift your hips '
                      'from there.',
  'harder_variation': 'Hold the top for the full five seconds and take three seconds to lower.',
  'safety_note': 'Check that the bench or couch cannot slide away. Finish the lift with your '
                 'glutes rather than by arching your lower back.'},
 {'slug': 'donkey-kick',
  'name': 'Donkey kick',
  'display_order': 4,
  'summary': 'On all fours, press one bent leg up behind you with the sole of the foot facing '
             'the ceiling. It works the gluteus maximus, the large muscle of the buttock.',
  'cues': 'Kneel on all fours, palms flat, knees under your hips.\n'
          'Keep your neck and back neutral and brace your core.\n'
          'Keep the knee bent at 90 degrees, sole facing up.\n'
          'Press that leg up with your glute.\n'
          'Squeeze at the top for 1 to 5 seconds.\n'
          'Lower the knee back under your hip.',
  'equipment': 'none',
  'equipment_note': 'Nothing; a mat helps',
  'per_side': True,
  'default_sets': 3,
  'reps_min': 10,
  'reps_max': 12,
  'hold_min': 1,
  'hold_max': 5,
  'target_muscles': 'Gluteus maximus',
  'easier_variation': 'Rest on your forearms instead of your hands.',
  'harder_variation': 'Hold the top for the full five seconds, and keep the knee just off the '
                      'floor between reps.',
  'safety_note': 'Lift only as high as you can without arching your lower back or tipping your '
                 'hips. A folded towel under your knees makes kneeling kinder.'},
 {'slug': 'clamshell',
  'name': 'Clamshell',
  'display_order': 5,
  'summary': 'Lying on your side with your knees bent, open the top knee like a shell while '
             'your feet stay together. It works the gluteus medius on the outer hip.',
  'cues': 'Lie on your side with your knees bent about 45 degrees.\n'
          'Stack your legs and hips one on top of the other.\n'
          'Keep your feet together.\n'
          'Lift your top knee until it is in line with your hip.\n'
          'Lower it back down with control.',
  'equipment': 'none',
  'equipment_note': 'Nothing; a mat helps',
  'per_side': True,
  'default_sets': 3,
  'reps_min': 10,
  'reps_max': 12,
  'hold_min': 0,
  'hold_max': 0,
  'target_muscles': 'Gluteus medius',
  'easier_variation': 'Make the movement smaller: lift the knee only part of the way.',
  'harder_variation': 'Pause for two seconds with the knee up, then take three seconds to '
                      'lower it.',
  'safety_note': 'Keep your hips stacked and still. If the top hip rolls back, lift the knee a '
                 'little less.'},
 {'slug': 'fire-hydrant',
  'name': 'Fire hydrant',
  'display_order': 6,
  'summary': 'On all fours, lift one bent leg out to the side and lower it again. It works the '
             'gluteus medius on the outer hip.',
  'cues': 'Kneel on all fours, hands under your shoulders, arms straight.\n'
          'Brace your core and keep your back flat.\n'
          'Keep one knee bent at 90 degrees and lift that leg out to the side.\n'
          'Pause for 1 to 5 seconds.\n'
          'Lower the knee back down.',
  'equipment': 'none',
  'equipment_note': 'Nothing; a mat helps',
  'per_side': True,
  'default_sets': 3,
  'reps_min': 10,
  'reps_max': 12,
  'hold_min': 1,
  'hold_max': 5,
  'target_muscles': 'Gluteus medius',
  'easier_variation': 'Rest on your forearms instead of your hands.',
  'harder_variation': 'Hold the top for the full five seconds, and take three seconds to lower '
                      'the knee.',
  'safety_note': 'Lift only as far as you can without leaning onto the other side or twisting '
                 'your back. A folded towel under your knees makes kneeling kinder.'}]


def create_exercises(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    for row in EXERCISES:
        fields = {key: value for key, value in row.items() if key != "slug"}
        Exercise.objects.get_or_create(slug=row["slug"], defaults=fields)


def delete_exercises(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    Exercise.objects.filter(slug__in=[row["slug"] for row in EXERCISES]).delete()


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_initial")]

    operations = [migrations.RunPython(create_exercises, delete_exercises)]
