"""Routines: the built-ins (read-only, can be copied) and a user's own plans."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from exercises import editor
from exercises.forms import RoutineForm, RoutineItemForm, RoutineItemFormSet
from exercises.models import Exercise, Routine, RoutineItem
from hipdips.http import see_other
from sessions.logic import PlanItem, estimated_minutes, summarize_routine


def _get_routine_for(request: HttpRequest, routine_id: int, *, own: bool = False) -> Routine:
    """A routine the visitor may see (or, with own, change); anything else is a 404."""
    routines = Routine.objects.visible_to(request.user)
    if own:
        routines = routines.filter(owner=request.user)
    return get_object_or_404(routines.with_items(), pk=routine_id)


@require_safe
def routine_list(request: HttpRequest) -> HttpResponse:
    routines = Routine.objects.visible_to(request.user).with_items()
    choices = [summarize_routine(routine) for routine in routines]
    return render(request, "exercises/routines.html", {"choices": choices, "manage": True})


@require_safe
def routine_detail(request: HttpRequest, routine_id: int) -> HttpResponse:
    routine = _get_routine_for(request, routine_id)
    context = {"choice": summarize_routine(routine), "manage": True}
    return render(request, "exercises/routine_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@vary_on_headers("HX-Request")
def routine_new(request: HttpRequest) -> HttpResponse:
    return _editor(request, Routine(owner=request.user))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@vary_on_headers("HX-Request")
def routine_edit(request: HttpRequest, routine_id: int) -> HttpResponse:
    return _editor(request, _get_routine_for(request, routine_id, own=True))


def _editor(request: HttpRequest, routine: Routine) -> HttpResponse:
    exercises = list(Exercise.objects.all())
    by_slug = {exercise.slug: exercise for exercise in exercises}
    form_kwargs = {"exercises": exercises}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        name_form = RoutineForm(request.POST)
        if action == "save":
            formset = RoutineItemFormSet(
                request.POST, prefix=editor.PREFIX, form_kwargs=form_kwargs
            )
            _refuse_taken_name(name_form, routine)
            if name_form.is_valid() and formset.is_valid():
                _save(routine, name_form.cleaned_data["name"], formset)
                messages.success(request, f"Saved “{routine.name}”.")
                url = reverse("routines:list")
                return HttpResponseClientRedirect(url) if request.htmx else see_other(url)
            status = 400
            rows = editor.rows_from_post(request.POST)
        else:
            new = by_slug.get(request.POST.get("new_exercise", ""))
            rows = editor.apply_action(
                editor.rows_from_post(request.POST), action, new_exercise=new
            )
            name_form = RoutineForm(initial={"name": request.POST.get("name", "")[:80]})
            formset = RoutineItemFormSet(
                initial=rows, prefix=editor.PREFIX, form_kwargs=form_kwargs
            )
        if action == "estimate" and request.htmx:
            return render(
                request,
                "exercises/routine_form.html#estimate",
                {"minutes": _minutes(rows, exercises)},
            )
    else:
        rows = [_row(item) for item in routine.items.all()] if routine.pk else []
        if not rows:
            rows = [editor.row_for(exercises[0])]
        name_form = RoutineForm(initial={"name": routine.name})
        formset = RoutineItemFormSet(initial=rows, prefix=editor.PREFIX, form_kwargs=form_kwargs)
    context = {
        "routine": routine,
        "name_form": name_form,
        "formset": formset,
        "exercises": exercises,
        "minutes": _minutes(rows, exercises),
    }
    template = "exercises/routine_form.html"
    if request.htmx and request.method == "POST":
        template += "#editor"
    return render(request, template, context, status=status)


def _refuse_taken_name(name_form: RoutineForm, routine: Routine) -> None:
    """Two routines of one name would give two identical Start buttons."""
    if not name_form.is_valid():
        return
    name = name_form.cleaned_data["name"]
    taken = (
        Routine.objects.visible_to(routine.owner)
        .filter(name__iexact=name)
        .exclude(pk=routine.pk)
        .exists()
    )
    if taken:
        name_form.add_error("name", f"You already have a routine called “{name}”.")


def _row(item: RoutineItem) -> dict[str, str]:
    return {
        "exercise": item.exercise.slug,
        "sets": str(item.sets),
        "reps_min": str(item.reps_min),
        "reps_max": str(item.reps_max),
        "hold_seconds": str(item.hold_seconds),
        "rest_seconds": str(item.rest_seconds),
    }


def _minutes(rows: list[dict], exercises: list[Exercise]) -> int | None:
    """The estimate of the valid rows (the same function as everywhere)."""
    plan = []
    for row in rows:
        form = RoutineItemForm(data=row, exercises=exercises)
        if not form.is_valid():
            continue
        data = form.cleaned_data
        exercise = data.pop("exercise")
        plan.append(
            PlanItem(
                exercise_id=exercise.pk,
                slug=exercise.slug,
                name=exercise.name,
                per_side=exercise.per_side,
                **data,
            )
        )
    return estimated_minutes(plan) if plan else None


def _save(routine: Routine, name: str, formset) -> None:
    with transaction.atomic():
        routine.name = name
        routine.save()
        routine.items.all().delete()
        RoutineItem.objects.bulk_create(
            RoutineItem(
                routine=routine,
                position=position,
                exercise=data["exercise"],
                sets=data["sets"],
                reps_min=data["reps_min"],
                reps_max=data["reps_max"],
                hold_seconds=data["hold_seconds"],
                rest_seconds=data["rest_seconds"],
            )
            for position, data in enumerate(f.cleaned_data for f in formset.forms)
        )


@require_POST
@login_required
def routine_copy(request: HttpRequest, routine_id: int) -> HttpResponse:
    copy = _get_routine_for(request, routine_id).copy_for(request.user)
    return see_other(reverse("routines:edit", args=[copy.pk]))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def routine_delete(request: HttpRequest, routine_id: int) -> HttpResponse:
    routine = _get_routine_for(request, routine_id, own=True)
    if request.method == "POST":
        routine.delete()  # sessions keep their frozen plan; their link to it becomes empty
        return see_other(reverse("routines:list"))
    return render(request, "exercises/routine_delete.html", {"routine": routine})
