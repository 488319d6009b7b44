from django import forms

from exercises.models import MAX_HOLD_SECONDS
from hipdips.forms import WholeNumberInput, whole_number_field
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


class PauseForm(StepForm):
    """Pause and Resume name the step the screen showed (older pages may not)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].required = False


class SetDoneForm(StepForm):
    reps = whole_number_field("Reps", 0, MAX_LOGGED_REPS)


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
