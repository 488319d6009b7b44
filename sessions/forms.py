from datetime import UTC, datetime, timedelta

from django import forms
from django.utils import timezone

from exercises.models import MAX_HOLD_SECONDS
from hipdips.forms import WholeNumberInput, whole_number_field
from hipdips.models import User
from sessions.models import MAX_LOGGED_REPS

# A set kept offline is sent within this long (a workout left for 12 hours is closed anyway),
# its time on the server's clock as the page last saw it; a clock that moved since may be
# this far ahead (the set then counts as done now).
KEPT_OFFLINE_AT_MOST = timedelta(days=2)
CLOCK_SKEW = timedelta(hours=12)
OUTSIDE_TWO_DAYS = "That set's time is not within the last two days; check this device's clock."


class StepForm(forms.Form):
    """Every player action names the step it answers."""

    step = forms.IntegerField(
        min_value=0,
        error_messages={
            "required": "This form does not say which step it answers; reload the page.",
            "invalid": "This form's step is not a number; reload the page.",
            "min_value": "This form's step is not a number; reload the page.",
        },
    )


class PauseForm(StepForm):
    """Pause and Resume name the step the screen showed (older pages may not)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].required = False


class SetDoneForm(StepForm):
    reps = whole_number_field("Reps", 0, MAX_LOGGED_REPS)
    # When the set was done, in milliseconds since 1970: a set the player kept while
    # offline is sent later, and keeps its own time. Without it, the set is done now.
    done_at = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=10**13,  # the year 2286: within what datetime can hold
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "That set's time is not a number; reload the page.",
            "max_value": OUTSIDE_TWO_DAYS,
        },
    )
    # The plan version a kept set was done on: if the plan changed since (a set added on
    # another device), its step may now be another exercise's, and it is not logged.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean_done_at(self) -> datetime | None:
        value = self.cleaned_data["done_at"]
        if value is None:
            return None
        done_at = datetime.fromtimestamp(value / 1000, tz=UTC)
        now = timezone.now()
        if not now - KEPT_OFFLINE_AT_MOST <= done_at <= now + CLOCK_SKEW:
            raise forms.ValidationError(OUTSIDE_TWO_DAYS)
        return done_at


class PlanChangeForm(StepForm):
    """A change to this session's plan names the plan version it was made on."""

    version = forms.IntegerField(min_value=0)


class HoldForm(PlanChangeForm):
    hold_seconds = whole_number_field("The hold", 0, MAX_HOLD_SECONDS, unit=" of seconds")


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["sound_cues", "voice_cues", "vibration_cues", "shortcuts"]


class AddTimeForm(StepForm):
    extensions = forms.IntegerField(min_value=0, max_value=1000)


class EndRestForm(AddTimeForm):
    """Skip rest, or its timer's end: the extensions it saw, so a stale tab ends nothing
    (older pages may not say)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["extensions"].required = False


class StartForm(forms.Form):
    routine = forms.IntegerField(
        error_messages={"required": "Choose a routine.", "invalid": "Choose a routine."}
    )
    replace = forms.BooleanField(required=False)


class SetCorrectionForm(forms.Form):
    """Correcting the reps of a logged set from the history."""

    reps = whole_number_field(
        "Reps", 0, MAX_LOGGED_REPS, label="Reps", widget=WholeNumberInput({"autofocus": True})
    )
