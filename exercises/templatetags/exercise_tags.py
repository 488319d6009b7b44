from typing import TYPE_CHECKING

from django import template
from django.template.loader import select_template
from django.utils.safestring import SafeString

from exercises.models import Exercise

if TYPE_CHECKING:
    from sessions.logic import PlanItem

register = template.Library()


@register.simple_tag
def exercise_drawing(exercise: "Exercise | PlanItem", uid: str = "") -> SafeString:
    """The exercise's drawing, found by slug; a plain figure for one that has none yet."""
    drawing = select_template(
        [f"exercises/drawings/{exercise.slug}.svg", "exercises/drawings/_unknown.svg"]
    )
    return drawing.render({"uid": uid or exercise.slug, "exercise": exercise})
