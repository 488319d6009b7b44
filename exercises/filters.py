"""The exercise list's filters: parsing the query string and building the filter links."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import QueryDict

from exercises.models import Equipment, Exercise

YES_NO = {"yes": "Yes", "no": "No"}

# parameter -> (group label, {value: option label})
FILTERS: dict[str, tuple[str, dict[str, str]]] = {
    "equipment": ("Equipment", {value: label for value, label in Equipment.choices}),
    "per_side": ("One side at a time", YES_NO),
    "hold": ("Hold at the top", YES_NO),
}


@dataclass(frozen=True)
class FilterOption:
    """One choice of a filter, with the query string that picks it."""

    label: str
    query: str
    current: bool


@dataclass(frozen=True)
class FilterGroup:
    parameter: str
    label: str
    options: list[FilterOption]


def parse_filters(params: QueryDict) -> tuple[dict[str, str], list[str]]:
    """The valid filter values given, and one message for each unknown parameter value."""
    chosen: dict[str, str] = {}
    errors: list[str] = []
    for parameter, (_label, values) in FILTERS.items():
        value = params.get(parameter, "")
        if not value:
            continue
        if value in values:
            chosen[parameter] = value
        else:
            accepted = ", ".join(values)
            errors.append(f"Unknown {parameter} “{value[:40]}”: use one of {accepted}.")
    return chosen, errors


def filter_exercises(exercises: QuerySet[Exercise], chosen: dict[str, str]) -> QuerySet:
    if "equipment" in chosen:
        exercises = exercises.filter(equipment=chosen["equipment"])
    if "per_side" in chosen:
        exercises = exercises.filter(per_side=chosen["per_side"] == "yes")
    if "hold" in chosen:
        exercises = (
            exercises.filter(hold_max__gt=0)
            if chosen["hold"] == "yes"
            else exercises.filter(hold_max=0)
        )
    return exercises


def filter_groups(chosen: dict[str, str]) -> list[FilterGroup]:
    """Links for every filter value, each keeping the other filters as they are."""

    def query(**change: str) -> str:
        merged = {**chosen, **change}
        parts = [f"{key}={value}" for key, value in merged.items() if value]
        return "?" + "&".join(parts) if parts else "?"

    groups = []
    for parameter, (label, values) in FILTERS.items():
        options = [FilterOption("Any", query(**{parameter: ""}), parameter not in chosen)]
        options += [
            FilterOption(option_label, query(**{parameter: value}), chosen.get(parameter) == value)
            for value, option_label in values.items()
        ]
        groups.append(FilterGroup(parameter, label, options))
    return groups
