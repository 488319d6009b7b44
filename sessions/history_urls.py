from django.urls import path

from sessions import history_views as views

app_name = "history"
urlpatterns = [
    path("history/", views.history, name="list"),
    path("history/export.csv", views.export_csv, name="export_csv"),
    path("history/export.json", views.export_json, name="export_json"),
    path("history/<uuid:session_id>/", views.session_detail, name="session"),
    path("history/<uuid:session_id>/delete/", views.session_delete, name="session_delete"),
    path("history/sets/<int:set_id>/", views.set_row, name="set_row"),
    path("history/sets/<int:set_id>/edit/", views.set_edit, name="set_edit"),
    path("history/sets/<int:set_id>/delete/", views.set_delete, name="set_delete"),
    path("progress/", views.progress_page, name="progress"),
]
