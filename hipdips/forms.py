import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.mail import EmailMessage
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString

from hipdips.mail import send_in_background
from hipdips.models import User, canonical_email


class FormRenderer(TemplatesSetting):
    """Our field layout: label without a colon, help, then errors, then the input."""

    field_template_name = "forms/field.html"


class TimeZoneSelect(forms.Select):
    """A time zone list that static/js/timezone.js sets to the browser's own zone."""

    def __init__(self, guess: bool = False) -> None:
        super().__init__(attrs={"data-guess-time-zone": ""} if guess else None)


class SignUpForm(forms.ModelForm):
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Confirm password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["email", "password1", "password2", "time_zone"]
        labels = {"email": "E-mail", "time_zone": "Time zone"}
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
            "time_zone": TimeZoneSelect(guess=True),
        }
        help_texts = {"time_zone": "Used to show your workout days; you can change it later."}

    def clean_email(self) -> str:
        # Whether the address has an account is never said here (hipdips/accounts.py).
        return canonical_email(self.cleaned_data["email"])

    # The database's unique constraints decide, at save (see the signup view).
    def validate_unique(self) -> None:
        pass

    def validate_constraints(self) -> None:
        pass

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords differ.")
        elif password1:
            self.instance.email = cleaned.get("email", "")
            try:
                password_validation.validate_password(password1, self.instance)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit: bool = True) -> User:
        user: User = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class LogInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That e-mail address and password do not match an account.",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "E-mail"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["time_zone"]
        labels = {"time_zone": "Time zone"}
        widgets = {"time_zone": TimeZoneSelect()}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That is not your password; nothing was deleted.", code="wrong_password"
            )
        return password


class OurSetPasswordForm(SetPasswordForm):
    """Django's form with the labels the rest of the site uses."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""


class OurPasswordChangeForm(PasswordChangeForm, OurSetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"


class OurPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail"

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Django's message, sent beside the request: a known address answers as fast as
        an unknown one. Plain text only: no HTML template is given."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        send_in_background(EmailMessage(subject, body, from_email, [to_email]))


# HTML's "valid floating-point number": all that a number field's value attribute may hold.
HTML_NUMBER = re.compile(r"-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?")


def html_number(value) -> str:
    """A value to put back into a number field: the number, or nothing. A refused entry
    that is no number at all (a word, which only a request not sent by a browser's number
    field can carry) is left out, as HTML wants; the error beside the field says why."""
    text = "" if value is None else str(value).strip()
    return text if HTML_NUMBER.fullmatch(text) else ""


class WholeNumberInput(forms.NumberInput):
    """A number field with the phone's digit keyboard; its min and max come from the
    field's limits (IntegerField.widget_attrs)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "numeric", **(attrs or {})})

    def format_value(self, value) -> str | None:
        return html_number(super().format_value(value)) or None

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        """The tag Django's input template makes, made without the template engine: the
        player draws this field on every set screen, and the templates cost most of it."""
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], name, shown, flatatt(widget["attrs"])
        )


def whole_number_field(what: str, low: int, high: int, *, unit: str = "", **options):
    """An integer field whose every refusal says the same plain sentence."""
    message = f"{what} must be a whole number{unit} from {low} to {high}."
    errors = dict.fromkeys(("required", "invalid", "min_value", "max_value"), message)
    options.setdefault("widget", WholeNumberInput)
    return forms.IntegerField(min_value=low, max_value=high, error_messages=errors, **options)
