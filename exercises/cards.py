"""The routine cards of the start and routines pages, kept rendered for each state of the
routines a person sees: building them (every routine's items and exercises, then the
template) costs more than all the rest of either page."""

from typing import cast

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from exercises.models import LIBRARY_CACHE_SECONDS, Routine, visible_routines
from exercises.plans import summarize_routine

# The key changes with any save or delete of a routine the person sees (the admin's too); an
# exercise renamed in the admin reaches the cards within LIBRARY_CACHE_SECONDS.


def routine_cards(user, *, manage: bool) -> SafeString:
    """The cards of the built-ins and the user's own routines; with manage, each links to
    its page and offers copy, edit and delete. The buttons submit the page's forms
    (`exercises/_card_forms.html`), so the cards hold nothing of one request."""
    routines = visible_routines(user)
    changed = max((routine.updated_at.isoformat() for routine in routines), default="-")
    key = f"routine-cards:{user.pk or 0}:{int(manage)}:{len(routines)}:{changed}"

    def render() -> str:  # a SafeString: what a template renders
        choices = [summarize_routine(r) for r in Routine.objects.visible_to(user).with_items()]
        context = {"choices": choices, "manage": manage, "user": user}
        return render_to_string("exercises/_routine_cards.html", context)

    return cast(SafeString, cache.get_or_set(key, render, LIBRARY_CACHE_SECONDS))
