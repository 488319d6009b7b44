"""History, progress and export: a signed-in person's own record of their workouts."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from hipdips.http import AuthenticatedHttpRequest, see_other
from sessions import charts, export, progress
from sessions.forms import SetCorrectionForm
from sessions.models import SetLog, WorkoutSession
from sessions.visitors import own_session, own_set

PAGE_SIZE = 20


@require_safe
@login_required
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    page_number = request.GET.get("page", "1")
    today = progress.today_for(user)
    # The body (no form, no token in it) is cached under the record's version: years of
    # history cost one aggregate query until something changes.
    body = progress.cached_figures(
        user,
        f"history-page-{page_number[:6]}-{today}",
        lambda: render_to_string(
            "workouts/history.html#body", _history_context(user, page_number, today), request
        ),
        version=progress.record_version(user),
    )
    return render(request, "workouts/history.html", {"body": body})


def _history_context(user, page_number: str, today) -> dict:
    sessions = WorkoutSession.objects.filter(owner=user).defer("plan").order_by("-started_at")
    page = Paginator(sessions, PAGE_SIZE).get_page(page_number)
    totals = {
        row["session_id"]: row
        for row in SetLog.objects.filter(session__in=[s.pk for s in page.object_list])
        .values("session_id")
        .annotate(
            sets_done=Count("id", filter=Q(skipped=False)),
            sets_skipped=Count("id", filter=Q(skipped=True)),
            reps_done=Sum("reps"),
        )
    }
    for session in page.object_list:
        # The table's figures, carried by each session of the page for the template.
        row = totals.get(session.pk)
        vars(session).update(
            sets_done=row["sets_done"] if row else 0,
            sets_skipped=row["sets_skipped"] if row else 0,
            reps_done=(row["reps_done"] if row else None) or 0,
        )
    days = progress.workout_days(user)
    cells = progress.calendar(days, today)
    return {
        "page": page,
        "streaks": progress.streaks(days, today),
        "heatmap": charts.heatmap(cells),
        "days_in_calendar": sum(cell.worked_out for cell in cells),
        "calendar_length": len(cells),
    }


@require_safe
@login_required
def session_detail(request: AuthenticatedHttpRequest, session_id: UUID) -> HttpResponse:
    session = own_session(request, session_id)
    sets = session.sets.select_related("exercise").order_by("logged_at", "id")
    return render(request, "workouts/session_detail.html", {"session": session, "sets": sets})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@vary_on_headers("HX-Request")
def set_edit(request: AuthenticatedHttpRequest, set_id: int) -> HttpResponse:
    logged = own_set(request, set_id)
    if logged.skipped:
        return render(request, "workouts/set_row.html#problem", {"logged": logged}, status=400)
    form = SetCorrectionForm(
        request.POST or None, initial={"reps": logged.reps}, auto_id=f"%s-{logged.pk}"
    )
    if request.method == "POST":
        if form.is_valid():
            logged.correct(form.cleaned_data["reps"])
            if request.htmx:
                return render(request, "workouts/set_row.html#row", {"logged": logged})
            return see_other(reverse("history:session", args=[logged.session_id]))
        status = 400
    else:
        status = 200
    template = "workouts/set_row.html#editing" if request.htmx else "workouts/set_row.html"
    context = {"logged": logged, "form": form, "mode": "edit"}
    return render(request, template, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@vary_on_headers("HX-Request")
def set_delete(request: AuthenticatedHttpRequest, set_id: int) -> HttpResponse:
    logged = own_set(request, set_id)
    if request.method == "POST":
        session_id = logged.session_id
        logged.remove()
        if request.htmx:
            return HttpResponse("")
        return see_other(reverse("history:session", args=[session_id]))
    template = "workouts/set_row.html#editing" if request.htmx else "workouts/set_row.html"
    return render(request, template, {"logged": logged, "mode": "delete"})


@require_safe
@login_required
@vary_on_headers("HX-Request")
def set_row(request: AuthenticatedHttpRequest, set_id: int) -> HttpResponse:
    """One row of the session's table (what Cancel brings back)."""
    logged = own_set(request, set_id)
    if not request.htmx:
        return see_other(reverse("history:session", args=[logged.session_id]))
    return render(request, "workouts/set_row.html#row", {"logged": logged})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def session_delete(request: AuthenticatedHttpRequest, session_id: UUID) -> HttpResponse:
    session = own_session(request, session_id)
    if request.method == "POST":
        session.remove()
        return see_other(reverse("history:list"))
    sets_done = session.sets.done().count()
    context = {"session": session, "sets_done": sets_done}
    return render(request, "workouts/session_delete.html", context)


@require_safe
@login_required
def progress_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    range_key = request.GET.get("range") or "12w"
    error = ""
    if range_key not in progress.RANGES:
        error = f"Unknown range “{range_key[:20]}”: use one of {', '.join(progress.RANGES)}."
        range_key = "12w"
    body = progress.cached_figures(
        request.user,
        f"progress-page-{range_key}",
        lambda: render_to_string(
            "workouts/progress.html#body",
            {**_progress_figures(request.user, range_key), "per_week": range_key != "12w"},
            request,
        ),
        version=progress.record_version(request.user),
    )
    context = {"body": body, "range_key": range_key, "ranges": progress.RANGES, "error": error}
    return render(request, "workouts/progress.html", context, status=400 if error else 200)


def _progress_figures(user, range_key: str) -> dict:
    rows = []
    for item in progress.exercise_progress(user, range_key=range_key):
        rows.append(
            {
                "progress": item,
                "reps_chart": charts.line_chart(item.points, lambda p: p.reps, "reps"),
                "table": charts.points_table(item.points, with_hold=item.exercise.has_hold),
                "hold_chart": (
                    charts.line_chart(item.points, lambda p: p.hold, "s hold")
                    if item.exercise.has_hold
                    else None
                ),
            }
        )
    return {"rows": rows, "most_sessions_in_a_week": progress.most_sessions_in_a_week(user)}


def _download(chunks, *, content_type: str, name: str, ending: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="hipdips-{name}-{stamp}.{ending}"'
    return response


@require_safe
@login_required
def export_csv(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    chunks = export.csv_rows(request.user)
    return _download(chunks, content_type="text/csv; charset=utf-8", name="sets", ending="csv")


@require_safe
@login_required
def export_json(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    chunks = export.json_chunks(request.user)
    return _download(chunks, content_type="application/json", name="data", ending="json")
