from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from exercises.filters import filter_exercises, filter_groups, parse_filters
from exercises.models import LIBRARY_CACHE_SECONDS, Exercise
from hipdips.http import HtmxHttpRequest, render_page_or_partial
from hipdips.pagecache import public_page


@require_safe
@public_page
@vary_on_headers("HX-Request")
def exercise_list(request: HtmxHttpRequest) -> HttpResponse:
    chosen, errors = parse_filters(request.GET)
    context = {
        "exercises": filter_exercises(Exercise.objects.all(), chosen),
        "filter_groups": filter_groups(chosen),
        "errors": errors,
        "filtered": bool(chosen),
        "filter_key": "&".join(f"{key}={value}" for key, value in sorted(chosen.items())),
    }
    status = 400 if errors else 200
    return render_page_or_partial(request, "exercises/list.html", "results", context, status=status)


@require_safe
@public_page
def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = cache.get_or_set(
        f"exercise:{slug}",
        lambda: get_object_or_404(Exercise, slug=slug),
        LIBRARY_CACHE_SECONDS,
    )
    return render(request, "exercises/detail.html", {"exercise": exercise})
