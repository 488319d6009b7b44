"""The guided player. Views stay thin: the rules live in sessions.actions (what the buttons
do), sessions.lifecycle (start, pause, end), sessions.screens and sessions.voice (what a
screen shows and says).

Every action is a POST naming the step it answers. With htmx the answer is the next screen
(a named partial of workouts/player.html); without JavaScript it is a 303 to the session's
page, so the whole workout also works as plain forms.
"""

import json
from collections.abc import Callable
from functools import cache, wraps
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from exercises.cards import routine_cards
from exercises.models import visible_routines
from hipdips.http import (
    PRIVATE,
    AuthenticatedHttpRequest,
    HtmxHttpRequest,
    render_page_or_partial,
    safe_next,
    see_other,
)
from sessions import actions, finish, lifecycle, progress, screens, voice
from sessions.forms import (
    AddTimeForm,
    EndRestForm,
    HoldForm,
    PauseForm,
    PlanChangeForm,
    PreferencesForm,
    SetDoneForm,
    StartForm,
    StepForm,
)
from sessions.models import WorkoutSession
from sessions.visitors import ANONYMOUS_KEY, anonymous_ids, own_session, own_sessions, remember

ALREADY_LOGGED = "That set was already logged."
# What an action did, for a player sending actions it kept offline: "done",
# "already_logged" or "stale" for a set; "moved" or "stale" for the other buttons.
OUTCOME_HEADER = "Hipdips-Outcome"
LOGGED_REPS_HEADER = "Hipdips-Logged-Reps"
# On the page of an open workout: the service worker (templates/hipdips/sw.js) keeps it.
WORKOUT_HEADER = "Hipdips-Workout"
BROWSER_WORDS_JSON = json.dumps(voice.BROWSER_WORDS)


class SessionUrls:
    """The addresses of one session's buttons, `{{ urls.set_done }}` in a template. Each
    is reversed once per process, for a placeholder, and then filled in: reverse() is the
    dearest call a screen makes, and a set screen names a dozen addresses."""

    PLACEHOLDER = UUID(int=0)

    def __init__(self, session_id: UUID) -> None:
        self.session_id = str(session_id)

    def __getitem__(self, name: str) -> str:
        return self._pattern(name).replace(str(self.PLACEHOLDER), self.session_id)

    @staticmethod
    @cache
    def _pattern(name: str) -> str:
        return reverse(f"workouts:{name}", args=[SessionUrls.PLACEHOLDER])


def cue_settings(request: HtmxHttpRequest) -> dict[str, bool]:
    """The account's cue switches; anonymous visitors start from the defaults."""
    names = PreferencesForm.Meta.fields
    if request.user.is_authenticated:
        return {name: getattr(request.user, name) for name in names}
    return {name: PreferencesForm.base_fields[name].initial for name in names}


def _session_to_play(request: HtmxHttpRequest, session_id: UUID) -> WorkoutSession:
    """The visitor's session, closed first if it was left alone for 12 hours."""
    return lifecycle.close_if_stale(own_session(request, session_id))


@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HtmxHttpRequest) -> HttpResponse:
    """The routine choice (always shown), and starting one with a plain POST."""
    if not request.user.is_authenticated:
        # A session cookie from the first visit on, so that two Starts are one browser's.
        request.session.setdefault(ANONYMOUS_KEY, [])
        if request.method == "POST" and request.session.session_key is None:
            request.session.save()
    if request.method == "POST":
        form = StartForm(request.POST)
        if not form.is_valid():
            return _start_page(request, form.errors, status=400)
        chosen = form.cleaned_data["routine"]
        routine = next((r for r in visible_routines(request.user) if r.pk == chosen), None)
        if routine is None:
            raise Http404("No such routine.")
        try:
            session = lifecycle.start_session(
                routine=routine,
                user=request.user,
                anonymous_ids=anonymous_ids(request),
                browser_key=request.session.session_key or "",
                replace=form.cleaned_data["replace"],
            )
        except lifecycle.OpenSessionExists as exists:
            session = exists.session
            if not lifecycle.is_same_start(session, routine):
                return render(
                    request,
                    "workouts/open_session.html",
                    {"current": session, "routine": routine},
                    status=409,
                )
        remember(request, session)
        return see_other(reverse("workouts:player", args=[session.pk]))
    return _start_page(request)


def _start_page(request, errors=None, status=200) -> HttpResponse:
    current = lifecycle.open_session_for(request.user, anonymous_ids(request))
    cards = routine_cards(request.user, manage=False)
    hints = progress.current_hints(request.user) if request.user.is_authenticated else []
    context = {"cards": cards, "current": current, "errors": errors, "hints": hints}
    return render(request, "workouts/start.html", context, status=status)


@require_safe
@vary_on_headers("HX-Request")
def player(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    session = _session_to_play(request, session_id)
    response = screen_response(request, session)
    if session.is_open:
        response[WORKOUT_HEADER] = "open"
    return response


@require_safe
def screen_check(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    """The player asks whether its screen is still the session's: 304 when the version it
    sends (If-None-Match) is current, else the current screen. Reads only, writes nothing:
    a session left for 12 hours is closed by the next action or page load, not by a check."""
    session = own_session(request, session_id)
    etag = f'"{session.version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = screen_response(request, session, partial=True)
    response["ETag"] = etag
    return response


def screen_response(
    request: HtmxHttpRequest,
    session: WorkoutSession,
    *,
    notice: str = "",
    error: str = "",
    error_field: str = "",
    status: int = 200,
    refused: forms.Form | None = None,
    partial: bool | None = None,
) -> HttpResponse:
    """The player's page at the session's screen, or for htmx (or partial=True) the screen."""
    state = screens.player_state(session)
    now = timezone.now()
    context = {
        "session": session,
        "urls": SessionUrls(session.pk),
        "state": state,
        "notice": notice,
        "error": error,
        "error_field": error_field,
        "now_ms": int(now.timestamp() * 1000),
        "progress_percent": round(100 * state.steps_done / max(state.steps_total, 1)),
        "cues": cue_settings(request),
    }
    if state.rest_ends_at:
        context["ends_ms"] = int(state.rest_ends_at.timestamp() * 1000)
    report = _screen_figures(request, session, state, context, refused=refused)
    words = voice.voice_for(state, finish=report)
    context.update(
        voice=words,
        countdown_words=json.dumps(words.countdown),
        browser_words=BROWSER_WORDS_JSON,
    )
    return _private_page(
        request, "workouts/player.html", "screen", context, status=status, partial=partial
    )


def _screen_figures(
    request: HtmxHttpRequest,
    session: WorkoutSession,
    state: screens.PlayerState,
    context: dict,
    *,
    refused: forms.Form | None,
) -> finish.FinishReport | None:
    """What only some screens show: the reps and the pacing of a set, the summary at the
    end (with the finish report, which the voice reads out too)."""
    if state.screen == screens.Screen.SET:
        step, item = state.at
        reps, last = screens.suggested_reps(session, step, item)
        beats = voice.pacing_schedule(
            reps=item.reps_max, hold_seconds=item.hold_seconds, lower_first=voice.lowers_first(item)
        )
        pace = json.dumps([[b.rep, b.phase, b.seconds, b.words, b.shown] for b in beats])
        # A refused field shows what was typed, with its error; else the suggestion and the
        # plan's hold.
        if not isinstance(set_form := refused, SetDoneForm):
            set_form = SetDoneForm(initial={"reps": reps}, auto_id="%s")
        if not isinstance(hold_form := refused, HoldForm):
            hold_form = HoldForm(initial={"hold_seconds": item.hold_seconds}, auto_id="%s")
        context.update(last_reps=last, pace=pace, set_form=set_form, hold_form=hold_form)
    elif state.screen == screens.Screen.COMPLETE:
        owner = request.user if session.owner_id else None
        report = finish.finish_report(session, history=own_sessions(request), owner=owner)
        context.update(finish=report, summary=report.summary)
        return report
    elif state.screen == screens.Screen.ENDED:
        context["summary"] = finish.summarize(session)
    return None


def _answer(request: HtmxHttpRequest, session: WorkoutSession, *, notice: str = "") -> HttpResponse:
    """After an action: the next screen for htmx, a 303 to the page without it."""
    if request.htmx:
        return screen_response(request, session, notice=notice)
    if notice:
        messages.info(request, notice)
    return see_other(reverse("workouts:player", args=[session.pk]))


def _bad_request(request: HtmxHttpRequest, session: WorkoutSession, form) -> HttpResponse:
    """The screen again with the reason, beside the field it is about."""
    field, errors = next(iter(form.errors.items()))
    return screen_response(
        request,
        session,
        error=" ".join(errors),
        error_field=field,
        status=400,
        refused=form,
    )


def _action(form_class: type[forms.Form]):
    """A player action: POST only, on the visitor's own session. Its form is checked here
    (a 400 with the screen and the reason when bad); the view gets the cleaned values and
    answers with the next screen."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @require_POST
        @vary_on_headers("HX-Request")
        @wraps(view)
        def wrapper(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
            session = _session_to_play(request, session_id)
            form = form_class(request.POST, auto_id="%s")
            if not form.is_valid():
                return _bad_request(request, session, form)
            return view(request, session, **form.cleaned_data)

        return wrapper

    return decorate


def _moves(form_class: type[forms.Form], operation: Callable[..., object]):
    """The view of a player button whose whole work is one operation on the session."""

    def view(request: HtmxHttpRequest, session: WorkoutSession, **values) -> HttpResponse:
        moved = operation(session, **values)
        response = _answer(request, session)
        response[OUTCOME_HEADER] = "moved" if moved else "stale"
        return response

    view.__name__ = view.__qualname__ = operation.__name__
    view.__doc__ = operation.__doc__
    return _action(form_class)(view)


begin = _moves(StepForm, actions.begin)
skip_rest = _moves(EndRestForm, actions.end_rest)
add_time = _moves(AddTimeForm, actions.add_rest_time)
pause = _moves(PauseForm, lifecycle.pause)
resume = _moves(PauseForm, lifecycle.resume)
add_set = _moves(PlanChangeForm, actions.add_set)
change_hold = _moves(HoldForm, actions.change_hold)


@_action(SetDoneForm)
def set_done(
    request: HtmxHttpRequest, session: WorkoutSession, *, step: int, reps: int, **kept
) -> HttpResponse:
    outcome = actions.log_set(session, step=step, reps=reps, **kept)
    notice = ALREADY_LOGGED if outcome == actions.Outcome.ALREADY_LOGGED else ""
    response = _answer(request, session, notice=notice)
    response[OUTCOME_HEADER] = outcome.name.lower()
    if outcome == actions.Outcome.ALREADY_LOGGED:
        # A set kept offline meets the one another device logged: whose reps stand.
        response[LOGGED_REPS_HEADER] = str(actions.logged_reps(session, step=step))
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def skip_exercise(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    """GET: the confirmation, naming the step it is about. POST: log the rest of the
    exercise as skipped, if the session still stands at that step."""
    session = _session_to_play(request, session_id)
    form = StepForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return _bad_request(request, session, form)
    step = form.cleaned_data["step"]
    if request.method == "POST":
        actions.skip_exercise(session, step=step)
        return _answer(request, session)
    state = screens.player_state(session)
    if state.screen != screens.Screen.SET or state.at[0].index != step:
        return redirect("workouts:player", session.pk)  # already moved on: nothing to confirm
    still_to_do = screens.still_to_do(session, state.at[0])
    return _confirmation(
        request,
        "workouts/skip_exercise.html",
        session=session,
        state=state,
        still_to_do=still_to_do,
    )


@require_POST
@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The player's cue switches, kept on the account (anonymous: in the browser only)."""
    form = PreferencesForm(request.POST, instance=request.user)
    if not form.is_valid():
        return HttpResponse("Those settings could not be read.", status=400)
    fields = list(form.cleaned_data)
    for name in fields:
        setattr(request.user, name, form.cleaned_data[name])
    request.user.save(update_fields=fields)
    if request.htmx:
        return HttpResponse(status=204)
    return see_other(safe_next(request) or reverse("workouts:start"))


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def end(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    """GET: the confirmation. POST: end the session (kept, shown as Unfinished)."""
    session = _session_to_play(request, session_id)
    if request.method == "POST":
        lifecycle.end_session(session)
        return _answer(request, session)
    if not session.is_open:
        return redirect("workouts:player", session.pk)
    return _confirmation(request, "workouts/end.html", session=session)


def _confirmation(request: HtmxHttpRequest, template: str, **context) -> HttpResponse:
    """A question of ours before a step that cannot be undone: a page, or its partial."""
    return _private_page(request, template, "confirm", context)


def _private_page(request: HtmxHttpRequest, *args, **kwargs) -> HttpResponse:
    """A player page: personal (anonymous visitors' too) and changed by every action, so
    never shown again from a cache."""
    response = render_page_or_partial(request, *args, **kwargs)
    response["Cache-Control"] = PRIVATE
    return response
