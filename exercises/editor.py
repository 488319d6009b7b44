"""The routine editor's rows: read from a posted formset, moved, added, removed.

Moving or adding never saves: the rows travel in the form until Save, so the editor
works the same as plain forms (each button a submit) and with htmx (the form swapped).
"""

import re

from exercises.models import MAX_ITEMS, Exercise, RoutineItem

PREFIX = "items"
FIELDS = ["exercise", *RoutineItem.TARGETS]


def row_of(item: RoutineItem) -> dict[str, str]:
    """An item as the form's row (what a browser would post)."""
    return {"exercise": item.exercise.slug, **{k: str(v) for k, v in item.targets().items()}}


def row_for(exercise: Exercise) -> dict[str, str]:
    """A new row with the exercise's own defaults."""
    return row_of(RoutineItem.starting_with(exercise))


def rows_from_post(data) -> list[dict[str, str]]:
    try:
        total = min(int(data.get(f"{PREFIX}-TOTAL_FORMS", 0)), MAX_ITEMS)
    except ValueError:
        total = 0
    return [
        {name: data.get(f"{PREFIX}-{index}-{name}", "")[:20] for name in FIELDS}
        for index in range(total)
    ]


# At most three digits: Python refuses to parse integers of over 4,300 digits (a 500).
ACTION = re.compile(r"^(up|down|remove)-(\d{1,3})$")


def apply_action(rows: list[dict], action: str, *, new_exercise: Exercise | None) -> list[dict]:
    """add, up-N, down-N or remove-N; anything else leaves the rows as they are."""
    rows = list(rows)
    if action == "add" and new_exercise is not None and len(rows) < MAX_ITEMS:
        return [*rows, row_for(new_exercise)]
    match = ACTION.match(action)
    if not match:
        return rows
    verb, index = match.group(1), int(match.group(2))
    if not 0 <= index < len(rows):
        return rows
    if verb == "remove":
        del rows[index]
    elif verb == "up" and index > 0:
        rows[index - 1], rows[index] = rows[index], rows[index - 1]
    elif verb == "down" and index < len(rows) - 1:
        rows[index + 1], rows[index] = rows[index], rows[index + 1]
    return rows
