"""Streaming exports of a user's data: the CSV of DESIGN.md's contract, and JSON of it all.

Both are generators over database cursors (iterator), so a five-year history never sits in
memory at once.
"""

import csv
import json
from collections.abc import Iterator

from exercises.models import RoutineItem
from sessions.models import SetLog, WorkoutSession
from sessions.progress import user_zone

CSV_HEADER = ["date", "session", "exercise", "set", "side", "reps", "hold_seconds"]
CHUNK = 2000


class _Line:
    """A file-like object whose write() hands the line back (csv.writer needs a file)."""

    def write(self, value: str) -> str:
        return value


def csv_rows(user) -> Iterator[str]:
    zone = user_zone(user)
    writer = csv.writer(_Line())  # csv's default line ending is CRLF, as the contract says
    yield writer.writerow(CSV_HEADER)
    rows = (
        SetLog.objects.for_owner(user)
        .done()
        .order_by("logged_at", "id")
        .values_list(
            "logged_at",
            "session_id",
            "exercise__slug",
            "set_number",
            "side",
            "reps",
            "hold_seconds",
        )
    )
    for logged_at, session_id, slug, set_number, side, reps, hold in rows.iterator(CHUNK):
        when = logged_at.astimezone(zone).isoformat(timespec="seconds")
        yield writer.writerow([when, session_id, slug, set_number, side, reps, hold or 0])


def json_chunks(user) -> Iterator[str]:
    """Everything the user owns, as one JSON document, written piece by piece."""
    zone = user_zone(user)

    def when(value):
        return value.astimezone(zone).isoformat(timespec="seconds") if value else None

    account = {
        "email": user.email,
        "time_zone": user.time_zone,
        "date_joined": when(user.date_joined),
        "cues": {
            "sound": user.sound_cues,
            "voice": user.voice_cues,
            "vibration": user.vibration_cues,
            "shortcuts": user.shortcuts,
        },
    }
    yield '{"account": ' + json.dumps(account) + ', "routines": ['
    yield ", ".join(json.dumps(routine) for routine in _routines(user, when))
    yield '], "sessions": ['
    yield from _listed(_sessions(user, when))
    yield '], "sets": ['
    yield from _listed(_sets(user, when))
    yield "]}\n"


def _listed(records: Iterator[dict]) -> Iterator[str]:
    for index, record in enumerate(records):
        yield ("" if index == 0 else ", ") + json.dumps(record)


def _routines(user, when) -> list[dict]:
    items = RoutineItem.objects.filter(routine__owner=user).select_related("routine", "exercise")
    routines: dict[int, dict] = {}
    for item in items.order_by("routine_id", "position"):
        routine = routines.setdefault(
            item.routine_id,
            {"name": item.routine.name, "created": when(item.routine.created_at), "items": []},
        )
        routine["items"].append({"exercise": item.exercise.slug, **item.targets()})
    return list(routines.values())


def _sessions(user, when) -> Iterator[dict]:
    sessions = WorkoutSession.objects.filter(owner=user).order_by("started_at")
    for session in sessions.iterator(CHUNK):
        yield {
            "id": str(session.pk),
            "routine": session.routine_name,
            "state": session.state,
            "started": when(session.started_at),
            "finished": when(session.finished_at),
            "paused_seconds": session.paused_seconds,
            "plan": session.plan,
        }


def _sets(user, when) -> Iterator[dict]:
    fields = {
        "session": "session_id",
        "exercise": "exercise__slug",
        "item": "item_position",
        "set": "set_number",
        "side": "side",
        "target_reps": "target_reps",
        "reps": "reps",
        "hold_seconds": "hold_seconds",
        "skipped": "skipped",
        "logged": "logged_at",
    }
    rows = SetLog.objects.for_owner(user).order_by("logged_at", "id").values_list(*fields.values())
    for row in rows.iterator(CHUNK):
        record = dict(zip(fields, row, strict=True))
        record["session"], record["logged"] = str(record["session"]), when(record["logged"])
        yield record
