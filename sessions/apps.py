from django.apps import AppConfig


class WorkoutsConfig(AppConfig):
    # The folder is called sessions; "workouts" keeps it apart from django.contrib.sessions.
    # Hence `makemigrations workouts`, never `makemigrations sessions`.
    name = "sessions"
    label = "workouts"
    verbose_name = "Workouts"
