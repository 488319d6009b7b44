from django.urls import path

from exercises import routine_views as views

app_name = "routines"
urlpatterns = [
    path("", views.routine_list, name="list"),
    path("new/", views.routine_new, name="new"),
    path("<int:routine_id>/", views.routine_detail, name="detail"),
    path("<int:routine_id>/edit/", views.routine_edit, name="edit"),
    path("<int:routine_id>/copy/", views.routine_copy, name="copy"),
    path("<int:routine_id>/delete/", views.routine_delete, name="delete"),
]
