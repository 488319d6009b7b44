from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from exercises.demos.poses import DEMOS
from exercises.demos.render import demo_svg, stills_svg
from exercises.models import Exercise
from exercises.plans import PlanItem

register = template.Library()


@register.simple_tag
def exercise_drawing(
    exercise: Exercise | PlanItem, uid: str = "", still: bool = False
) -> SafeString:
    """The exercise's demo: the figure moving through the move, with its stills for reduced
    motion and a Pause demo button; still=True draws only the start pose (cards). An
    exercise without demo data (added in the admin) gets a plain placeholder."""
    uid = f"demo-{uid or exercise.slug}"
    demo = DEMOS.get(exercise.slug)
    # The hold of this workout's plan in the player; in the library, the exercise's shortest.
    hold = exercise.hold_seconds if isinstance(exercise, PlanItem) else exercise.hold_min
    if demo is None:
        return render_to_string(
            "exercises/drawings/_unknown.svg", {"uid": uid, "exercise": exercise}
        )
    if still:
        return mark_safe(demo_svg(exercise.slug, uid, demo.title, hold_seconds=hold, motion=False))
    return _demo_box(exercise.slug, uid, demo.title, hold)


@lru_cache(maxsize=64)
def _demo_box(slug: str, uid: str, title: str, hold: int) -> SafeString:
    """The moving demo with its stills and button: the same for the same exercise and hold,
    and drawn on every set screen."""
    return render_to_string(
        "exercises/_demo.html",
        {
            "motion": mark_safe(demo_svg(slug, uid, title, hold_seconds=hold)),
            "stills": mark_safe(stills_svg(slug, f"{uid}-still", title, hold_seconds=hold)),
        },
    )
