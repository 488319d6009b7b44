"""Routines: the built-ins (read-only, can be copied) and a user's own plans."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.forms import BaseFormSet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from exercises import editor
from exercises.cards import routine_cards
from exercises.forms import RoutineForm, RoutineItemForm, RoutineItemFormSet
from exercises.models import Exercise, Routine, RoutineItem
from exercises.plans import PlanItem, estimated_minutes, summarize_routine
from hipdips.http import AuthenticatedHttpRequest, HtmxHttpRequest, see_other


def _get_routine_for(request: HtmxHttpRequest, routine_id: int, *, own: bool = False) -> Routine:
    """A routine the visitor may see (or, with own, change); anything else is a 404."""
    routines = Routine.objects.visible_to(request.user)
    if own:
        if not request.user.is_authenticated:
            raise Http404("Only your own routines can be changed.")
        routines = routines.filter(owner=request.user)
    return get_object_or_404(routines.with_items(), pk=routine_id)


@require_safe
def routine_list(request: HtmxHttpRequest) -> HttpResponse:
    cards = routine_cards(request.user, manage=True)
    return render(request, "exercises/routines.html", {"cards": cards})


@require_safe
def routine_detail(request: HtmxHttpRequest, routine_id: int) -> HttpResponse:
    routine = _get_routine_for(request, routine_id)
    context = {"choice": summarize_routine(routine), "manage": True}
    return render(request, "exercises/routine_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@vary_on_headers("HX-Request")
def routine_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _editor(request, Routine(owner=request.user))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@vary_on_headers("HX-Request")
def routine_edit(request: AuthenticatedHttpRequest, routine_id: int) -> HttpResponse:
    return _editor(request, _get_routine_for(request, routine_id, own=True))


def _editor(request: AuthenticatedHttpRequest, routine: Routine) -> HttpResponse:
    """The routine's name and rows: shown, changed by a button (each one a submit), saved."""
    exercises = list(Exercise.objects.all())
    form_kwargs = {"exercises": exercises}
    if request.method != "POST":
        rows = [editor.row_of(item) for item in routine.items.all()] if routine.pk else []
        rows = rows or [editor.row_for(exercises[0])]
        name_form = RoutineForm(initial={"name": routine.name})
        formset = RoutineItemFormSet(initial=rows, prefix=editor.PREFIX, form_kwargs=form_kwargs)
        return _editor_page(request, routine, name_form, formset, rows, exercises)
    action = request.POST.get("action", "save")
    rows = editor.rows_from_post(request.POST)
    if action == "save":
        name_form = RoutineForm(request.POST)
        formset = RoutineItemFormSet(request.POST, prefix=editor.PREFIX, form_kwargs=form_kwargs)
        _refuse_taken_name(name_form, routine)
        if name_form.is_valid() and formset.is_valid() and _save(routine, name_form, formset):
            messages.success(request, f"Saved “{routine.name}”.")
            url = reverse("routines:list")
            return HttpResponseClientRedirect(url) if request.htmx else see_other(url)
        return _editor_page(request, routine, name_form, formset, rows, exercises, status=400)
    new = next((e for e in exercises if e.slug == request.POST.get("new_exercise")), None)
    rows = editor.apply_action(rows, action, new_exercise=new)
    if action == "estimate" and request.htmx:
        context = {"minutes": _minutes(rows, exercises)}
        return render(request, "exercises/routine_form.html#estimate", context)
    name_form = RoutineForm(initial={"name": request.POST.get("name", "")[:80]})
    formset = RoutineItemFormSet(initial=rows, prefix=editor.PREFIX, form_kwargs=form_kwargs)
    return _editor_page(request, routine, name_form, formset, rows, exercises)


def _editor_page(
    request: HtmxHttpRequest,
    routine: Routine,
    name_form: RoutineForm,
    formset: BaseFormSet,
    rows: list[dict[str, str]],
    exercises: list[Exercise],
    *,
    status: int = 200,
) -> HttpResponse:
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


def _minutes(rows: list[dict], exercises: list[Exercise]) -> int | None:
    """The estimate of the valid rows (the same function as everywhere)."""
    plan = []
    for row in rows:
        form = RoutineItemForm(data=row, exercises=exercises)
        if form.is_valid():
            targets = dict(form.cleaned_data)
            plan.append(PlanItem.of(targets.pop("exercise"), **targets))
    return estimated_minutes(plan) if plan else None


def _refuse_taken_name(name_form: RoutineForm, routine: Routine) -> None:
    """Two routines of one name would give two identical Start buttons: the owner's own
    and the built-ins are checked here, with the other errors; the database has the last
    word on the owner's (see _save)."""
    if not name_form.is_valid():
        return
    name = name_form.cleaned_data["name"]
    visible = Routine.objects.visible_to(routine.owner).exclude(pk=routine.pk)
    if visible.filter(name__iexact=name).exists():
        name_form.add_error("name", _name_taken(name))


def _name_taken(name: str) -> str:
    return f"You already have a routine called “{name}”."


def _save(routine: Routine, name_form: RoutineForm, formset: BaseFormSet) -> bool:
    """Saved, or False with the clash on the form when another save took the name first."""
    name, saved_as = name_form.cleaned_data["name"], (routine.pk, routine.name)
    try:
        with transaction.atomic():
            routine.name = name
            routine.save()
            routine.items.all().delete()
            RoutineItem.objects.bulk_create(
                RoutineItem(routine=routine, position=position, **data)
                for position, data in enumerate(f.cleaned_data for f in formset.forms)
            )
    except IntegrityError:  # the database's one name per owner, whatever the case
        routine.pk, routine.name = saved_as  # a new routine stays new: nothing was saved
        name_form.add_error("name", _name_taken(name))
        return False
    return True


@require_POST
@login_required
def routine_copy(request: AuthenticatedHttpRequest, routine_id: int) -> HttpResponse:
    copy = _get_routine_for(request, routine_id).copy_for(request.user)
    return see_other(reverse("routines:edit", args=[copy.pk]))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def routine_delete(request: AuthenticatedHttpRequest, routine_id: int) -> HttpResponse:
    routine = _get_routine_for(request, routine_id, own=True)
    if request.method == "POST":
        routine.delete()  # sessions keep their frozen plan; their link to it becomes empty
        return see_other(reverse("routines:list"))
    return render(request, "exercises/routine_delete.html", {"routine": routine})
