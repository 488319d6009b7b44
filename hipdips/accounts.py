"""Sign up, log in and the account page; password views are Django's, with our templates."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.debug import sensitive_post_parameters

from hipdips.forms import (
    AccountForm,
    DeleteAccountForm,
    LogInForm,
    OurPasswordChangeForm,
    OurPasswordResetForm,
    OurSetPasswordForm,
    SignUpForm,
)
from hipdips.http import safe_next
from sessions.logic import claim_sessions
from sessions.views import anonymous_ids

FORM_PAGE = "accounts/form.html"


def login_attempt_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The address a failed login tried, lower-cased: Owner@X and owner@x are one account."""
    value = (credentials or {}).get("username") or request.POST.get("username")
    return value.strip().lower() if value else None


@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        browser_sessions = anonymous_ids(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        claim_sessions(user=user, anonymous_ids=browser_sessions)
        messages.success(request, "Welcome! Your account is ready.")
        return redirect(safe_next(request) or "home")
    context = {"form": form, "title": "Sign up", "button": "Sign up"}
    return render(request, "accounts/signup.html", context)


class LogInView(auth_views.LoginView):
    form_class = LogInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LogInForm) -> HttpResponse:
        # The workouts this browser did without an account come along.
        browser_sessions = anonymous_ids(self.request)
        response = super().form_valid(form)
        claim_sessions(user=form.get_user(), anonymous_ids=browser_sessions)
        return response


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        request.user.time_zone = form.cleaned_data["time_zone"]
        request.user.save(update_fields=["time_zone"])
        messages.success(request, "Saved.")
        return redirect("account")
    return render(request, "accounts/account.html", {"form": form})


password_change = auth_views.PasswordChangeView.as_view(
    form_class=OurPasswordChangeForm,
    template_name=FORM_PAGE,
    success_url=reverse_lazy("password_change_done"),
    extra_context={"title": "Change your password", "button": "Change password"},
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/message.html",
    extra_context={"title": "Password changed", "text": "Your new password is in use."},
)
password_reset = auth_views.PasswordResetView.as_view(
    form_class=OurPasswordResetForm,
    template_name=FORM_PAGE,
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("password_reset_done"),
    extra_context={
        "title": "Reset your password",
        "button": "Send me a link",
        "intro": "Give the e-mail address of your account and we will send a link to set a "
        "new password.",
    },
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/message.html",
    extra_context={
        "title": "Check your e-mail",
        "text": "If an account uses that address, a link to set a new password is on its way.",
    },
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=OurSetPasswordForm,
    template_name="accounts/reset_confirm.html",
    success_url=reverse_lazy("password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/message.html",
    extra_context={"title": "Password set", "text": "You can log in with your new password."},
)


@login_required
@sensitive_post_parameters("password")
def delete_account(request: HttpRequest) -> HttpResponse:
    """Remove the account and every row it owns, after the password is given again."""
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.user.delete()  # sessions, sets and routines go with it (CASCADE)
        logout(request)
        messages.success(request, "Your account and everything in it are deleted.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
