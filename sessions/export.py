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
        SetLog.objects.filter(session__owner=user, skipped=False)
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
    items = RoutineItem.objects.filter(routine__owner=user).select_related("routine", "exercise")
    routines: dict[int, dict] = {}
    for item in items.order_by("routine_id", "position"):
        routine = routines.setdefault(
            item.routine_id,
            {"name": item.routine.name, "created": when(item.routine.created_at), "items": []},
        )
        routine["items"].append(
            {
                "exercise": item.exercise.slug,
                "sets": item.sets,
                "reps_min": item.reps_min,
                "reps_max": item.reps_max,
                "hold_seconds": item.hold_seconds,
                "rest_seconds": item.rest_seconds,
            }
        )
    yield ", ".join(json.dumps(routine) for routine in routines.values())
    yield '], "sessions": ['
    sessions = WorkoutSession.objects.filter(owner=user).order_by("started_at")
    for index, session in enumerate(sessions.iterator(CHUNK)):
        record = {
            "id": str(session.pk),
            "routine": session.routine_name,
            "state": session.state,
            "started": when(session.started_at),
            "finished": when(session.finished_at),
            "paused_seconds": session.paused_seconds,
            "plan": session.plan,
        }
        yield ("" if index == 0 else ", ") + json.dumps(record)
    yield '], "sets": ['
    sets = (
        SetLog.objects.filter(session__owner=user)
        .order_by("logged_at", "id")
        .values_list(
            "session_id",
            "exercise__slug",
            "item_position",
            "set_number",
            "side",
            "target_reps",
            "reps",
            "hold_seconds",
            "skipped",
            "logged_at",
        )
    )
    for index, row in enumerate(sets.iterator(CHUNK)):
        session_id, slug, position, number, side, target, reps, hold, skipped, logged = row
        record = {
            "session": str(session_id),
            "exercise": slug,
            "item": position,
            "set": number,
            "side": side,
            "target_reps": target,
            "reps": reps,
            "hold_seconds": hold,
            "skipped": skipped,
            "logged": when(logged),
        }
        yield ("" if index == 0 else ", ") + json.dumps(record)
    yield "]}\n"
