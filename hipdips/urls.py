from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hipdips import accounts, pwa, views

account_patterns = [
    path("signup/", accounts.signup, name="signup"),
    path("login/", accounts.limit_failed_logins(accounts.LogInView.as_view()), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", accounts.account, name="account"),
    path("delete/", accounts.delete_account, name="delete_account"),
    path("password/", accounts.password_change, name="password_change"),
    path("password/done/", accounts.password_change_done, name="password_change_done"),
    path("reset/", accounts.password_reset, name="password_reset"),
    path("reset/sent/", accounts.password_reset_done, name="password_reset_done"),
    path("reset/<uidb64>/<token>/", accounts.password_reset_confirm, name="password_reset_confirm"),
    path("reset/done/", accounts.password_reset_complete, name="password_reset_complete"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("learn/", views.learn, name="learn"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("offline/", pwa.offline, name="offline"),
    path("exercises/", include("exercises.urls")),
    path("routines/", include("exercises.routine_urls")),
    path("workout/", include("sessions.urls")),
    path("", include("sessions.history_urls")),
    path("accounts/", include(account_patterns)),
    path("admin/login/", accounts.limit_failed_logins(admin.site.login)),
    path("admin/", admin.site.urls),
]

handler500 = "hipdips.faults.server_error"
