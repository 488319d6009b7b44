from django import forms

from exercises.models import MAX_HOLD_SECONDS
from hipdips.models import User
from sessions.models import MAX_LOGGED_REPS


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


class SetDoneForm(StepForm):
    REPS_ERROR = f"Reps must be a whole number from 0 to {MAX_LOGGED_REPS}."

    reps = forms.IntegerField(
        min_value=0,
        max_value=MAX_LOGGED_REPS,
        error_messages={
            "required": REPS_ERROR,
            "invalid": REPS_ERROR,
            "min_value": REPS_ERROR,
            "max_value": REPS_ERROR,
        },
    )


class PlanChangeForm(StepForm):
    """A change to this session's plan names the plan version it was made on."""

    version = forms.IntegerField(min_value=0)


class HoldForm(PlanChangeForm):
    HOLD_ERROR = f"The hold must be a whole number of seconds from 0 to {MAX_HOLD_SECONDS}."

    hold_seconds = forms.IntegerField(
        min_value=0,
        max_value=MAX_HOLD_SECONDS,
        error_messages={
            "required": HOLD_ERROR,
            "invalid": HOLD_ERROR,
            "min_value": HOLD_ERROR,
            "max_value": HOLD_ERROR,
        },
    )


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["sound_cues", "voice_cues", "vibration_cues", "shortcuts"]


class AddTimeForm(StepForm):
    extensions = forms.IntegerField(min_value=0, max_value=1000)


class StartForm(forms.Form):
    routine = forms.IntegerField(
        error_messages={"required": "Choose a routine.", "invalid": "Choose a routine."}
    )
    replace = forms.BooleanField(required=False)


class SetCorrectionForm(forms.Form):
    """Correcting the reps of a logged set from the history."""

    reps = forms.IntegerField(
        label="Reps",
        min_value=0,
        max_value=MAX_LOGGED_REPS,
        error_messages={
            "required": SetDoneForm.REPS_ERROR,
            "invalid": SetDoneForm.REPS_ERROR,
            "min_value": SetDoneForm.REPS_ERROR,
            "max_value": SetDoneForm.REPS_ERROR,
        },
    )
