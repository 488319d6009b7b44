from django.urls import path

from sessions import offline_views, views

app_name = "workouts"
urlpatterns = [
    path("", views.start, name="start"),
    path("<uuid:session_id>/", views.player, name="player"),
    path("<uuid:session_id>/screen/", views.screen_check, name="screen"),
    path("<uuid:session_id>/offline/", offline_views.offline_screens, name="offline"),
    path("<uuid:session_id>/begin/", views.begin, name="begin"),
    path("<uuid:session_id>/done/", views.set_done, name="set_done"),
    path("<uuid:session_id>/skip-rest/", views.skip_rest, name="skip_rest"),
    path("<uuid:session_id>/add-time/", views.add_time, name="add_time"),
    path("<uuid:session_id>/pause/", views.pause, name="pause"),
    path("<uuid:session_id>/resume/", views.resume, name="resume"),
    path("<uuid:session_id>/end/", views.end, name="end"),
    path("<uuid:session_id>/add-set/", views.add_set, name="add_set"),
    path("<uuid:session_id>/skip-exercise/", views.skip_exercise, name="skip_exercise"),
    path("<uuid:session_id>/hold/", views.change_hold, name="change_hold"),
    path("preferences/", views.preferences, name="preferences"),
]
