from typing import Any

from django import forms
from django.forms import formset_factory

from exercises.models import (
    MAX_HOLD_SECONDS,
    MAX_ITEMS,
    MAX_REPS,
    MAX_REST_SECONDS,
    MAX_SETS,
    Exercise,
    RoutineItem,
)
from hipdips.forms import whole_number_field


class RoutineForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=80,
        error_messages={"required": "Give the routine a name."},
    )


class RoutineItemForm(forms.Form):
    """One exercise of a routine being edited."""

    exercise = forms.ChoiceField(
        label="Exercise",
        error_messages={
            "required": "Choose an exercise.",
            "invalid_choice": "Choose one of the exercises in the list.",
        },
    )
    sets = whole_number_field("Sets", 1, MAX_SETS, label="Sets")
    reps_min = whole_number_field("Reps", 1, MAX_REPS, label="Reps from")
    reps_max = whole_number_field("Reps", 1, MAX_REPS, label="Reps to")
    hold_seconds = whole_number_field("The hold", 0, MAX_HOLD_SECONDS, label="Hold (s)", initial=0)
    rest_seconds = whole_number_field(
        "Rest",
        0,
        MAX_REST_SECONDS,
        label="Rest (s)",
        initial=RoutineItem._meta.get_field("rest_seconds").default,
    )

    def __init__(self, *args: Any, exercises: list[Exercise], **kwargs: Any) -> None:
        # The exercises are read once for the whole formset, not once per row.
        super().__init__(*args, **kwargs)
        self.exercises = {exercise.slug: exercise for exercise in exercises}
        field = self.fields["exercise"]
        assert isinstance(field, forms.ChoiceField)  # the copy of the one declared above
        field.choices = [(e.slug, e.name) for e in exercises]

    def clean_exercise(self) -> Exercise:
        return self.exercises[self.cleaned_data["exercise"]]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        low, high = cleaned.get("reps_min"), cleaned.get("reps_max")
        if low is not None and high is not None and low > high:
            self.add_error("reps_max", "Reps to must be at least Reps from.")
        exercise, hold = cleaned.get("exercise"), cleaned.get("hold_seconds")
        if exercise is not None and hold and not exercise.has_hold:
            self.add_error("hold_seconds", f"{exercise.name} has no hold: set it to 0.")
        return cleaned


class BaseItemFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index: int | None) -> dict:
        # Every row posted is a row of the routine: a blank one is an error, not nothing.
        return {**super().get_form_kwargs(index), "empty_permitted": False}

    def clean(self) -> None:
        if any(self.errors):
            return
        if not any(form.cleaned_data for form in self.forms):
            raise forms.ValidationError("A routine needs at least one exercise.")


RoutineItemFormSet = formset_factory(
    RoutineItemForm, formset=BaseItemFormSet, extra=0, max_num=MAX_ITEMS, validate_max=True
)
