"""Sign up, log in and the account page; password views are Django's, with our templates
and our limits (hipdips/throttles.py)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.views.decorators.debug import sensitive_post_parameters

from hipdips import throttles
from hipdips.forms import (
    AccountForm,
    DeleteAccountForm,
    LogInForm,
    OurPasswordChangeForm,
    OurPasswordResetForm,
    OurSetPasswordForm,
    SignUpForm,
)
from hipdips.http import AuthenticatedHttpRequest, safe_next
from hipdips.mail import send_in_background
from hipdips.models import User, canonical_email
from hipdips.throttles import client_address, too_many_attempts
from sessions.lifecycle import claim_sessions
from sessions.visitors import anonymous_ids

FORM_PAGE = "accounts/form.html"
ADDRESS_PAUSED = "there have been too many attempts from this connection."


def limit_failed_logins(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """An address with too many wrong passwords, whatever the accounts, is paused before any
    password is hashed. Each try counts in advance, so a burst sent at once is held too; a
    try that logged in is given back. Used for the site's login and the admin's."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        limit, address = throttles.LOGIN_FAILURES_PER_ADDRESS, client_address(request)
        if wait := throttles.spend(limit, address):
            return too_many_attempts(request, wait, f"Logging in is paused: {ADDRESS_PAUSED}")
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated:
            throttles.give_back(limit, address)
        return response

    return wrapped


@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST":
        wait = throttles.spend(throttles.SIGNUPS_PER_ADDRESS, client_address(request))
        if wait:
            return too_many_attempts(request, wait, f"Signing up is paused: {ADDRESS_PAUSED}")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        browser_sessions = anonymous_ids(request)
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:  # the address has an account, or got one a moment ago
            return _signup_for_known_address(request, form)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        claim_sessions(user=user, anonymous_ids=browser_sessions)
        messages.success(request, "Welcome! Your account is ready.")
        return redirect(safe_next(request) or "home")
    context = {"form": form, "title": "Sign up", "button": "Sign up"}
    return render(request, "accounts/signup.html", context)


def _signup_for_known_address(request: HttpRequest, form: SignUpForm) -> HttpResponse:
    """The page never says the address has an account; its owner hears of it by mail.
    The password was hashed before the insert failed, so both answers take as long."""
    email = form.cleaned_data["email"]
    if not throttles.spend(throttles.MAILS_PER_EMAIL, email):
        links = {
            "login_url": request.build_absolute_uri(reverse("login")),
            "reset_url": request.build_absolute_uri(reverse("password_reset")),
        }
        body = render_to_string("accounts/email/signup_known_address.txt", links)
        subject = "Your Hipdips account"
        send_in_background(EmailMessage(subject, body, to=[email]))
    return render(request, "accounts/signup_sent.html", {"email": email})


class LogInView(auth_views.LoginView):
    form_class = LogInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        # The workouts this browser did without an account come along.
        browser_sessions = anonymous_ids(self.request)
        response = super().form_valid(form)
        claim_sessions(user=form.get_user(), anonymous_ids=browser_sessions)
        return response


@login_required
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        request.user.time_zone = form.cleaned_data["time_zone"]
        request.user.save(update_fields=["time_zone"])
        messages.success(request, "Saved.")
        return redirect("account")
    return render(request, "accounts/account.html", {"form": form})


def pause_password_guessing(request: HttpRequest) -> HttpResponse | None:
    """The pages that ask a signed-in person for their password again (change it, delete the
    account) allow a few wrong ones, so a borrowed session cannot try them all. Each try
    counts in advance; `not_a_guess` gives back one that was not a wrong password."""
    limit = throttles.PASSWORD_CHECKS_PER_ACCOUNT
    if wait := throttles.spend(limit, str(request.user.pk)):
        reason = "Checking your password is paused after several wrong ones."
        return too_many_attempts(request, wait, reason)
    return None


def not_a_guess(request: HttpRequest) -> None:
    throttles.give_back(throttles.PASSWORD_CHECKS_PER_ACCOUNT, str(request.user.pk))


class PasswordChangeView(auth_views.PasswordChangeView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return pause_password_guessing(request) or super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        not_a_guess(self.request)
        return super().form_valid(form)

    def form_invalid(self, form: PasswordChangeForm) -> HttpResponse:
        if not form.has_error("old_password", "password_incorrect"):
            not_a_guess(self.request)
        return super().form_invalid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """At most a few links an hour to one address, and a few requests from one client,
    counted whether or not the address has an account."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if wait := throttles.spend(throttles.RESETS_PER_ADDRESS, client_address(request)):
            reason = f"Sending reset links is paused: {ADDRESS_PAUSED}"
            return too_many_attempts(request, wait, reason)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = canonical_email(form.cleaned_data["email"])
        if wait := throttles.spend(throttles.MAILS_PER_EMAIL, email):
            reason = "Several reset links were asked for this address within the hour."
            return too_many_attempts(self.request, wait, reason)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        # Whoever holds the mailbox holds the account: the lockout page's promise.
        throttles.end_lockouts(form.user)
        return super().form_valid(form)


password_change = PasswordChangeView.as_view(
    form_class=OurPasswordChangeForm,
    template_name=FORM_PAGE,
    success_url=reverse_lazy("password_change_done"),
    extra_context={"title": "Change your password", "button": "Change password"},
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/message.html",
    extra_context={"title": "Password changed", "text": "Your new password is in use."},
)
password_reset = PasswordResetView.as_view(
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
password_reset_confirm = PasswordResetConfirmView.as_view(
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
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Remove the account and every row it owns, after the password is given again."""
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST":
        if paused := pause_password_guessing(request):
            return paused
        if form.is_valid():
            throttles.forget_account(request.user)
            request.user.delete()  # sessions, sets and routines go with it (CASCADE)
            logout(request)
            messages.success(request, "Your account and everything in it are deleted.")
            return redirect("home")
        if not form.has_error("password", "wrong_password"):
            not_a_guess(request)
    return render(request, "accounts/delete.html", {"form": form})
