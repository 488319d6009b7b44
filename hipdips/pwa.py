"""The installable app: its manifest, its service worker and the page the worker shows for
anything it cannot reach offline.

The worker is a template served at /sw.js (root scope, so it reaches /workout/; a hashed
name under /static/ would change its address every deploy). Its asset list is built with
static(), so it names the hashed files in production and the plain ones under DEBUG, and
its version is a digest of that list and of its own source: a deploy that changes either
is a new worker with new caches, and the old ones are deleted when it takes over.
"""

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from exercises.models import Exercise

# Light and dark, as app.css draws them (--accent, --bg).
THEME = {"light": ("#0f766e", "#f7f6f3"), "dark": ("#141317", "#141317")}
SHELL_FOLDERS = ("css", "js", "img")
HTMX = "django_htmx/htmx-2.min.js"
WORKER_TEMPLATE = "hipdips/sw.js"


def shell_assets() -> list[str]:
    """Every stylesheet, script and icon of ours, and htmx: what any page may need offline."""
    root = Path(settings.BASE_DIR) / "static"
    names = sorted(
        path.relative_to(root).as_posix()
        for folder in SHELL_FOLDERS
        for path in (root / folder).iterdir()
        if path.is_file()
    )
    return [static(name) for name in [*names, HTMX]]


def offline_pages() -> list[str]:
    """The pages that can be read without a connection: what the app teaches."""
    exercises = [reverse("exercises:detail", args=[slug]) for slug in _exercise_slugs()]
    return [reverse("offline"), reverse("learn"), reverse("exercises:list"), *exercises]


def _exercise_slugs() -> list[str]:
    return list(Exercise.objects.values_list("slug", flat=True))


@cache
def _worker_source() -> str:
    return (Path(settings.BASE_DIR) / "templates" / WORKER_TEMPLATE).read_text()


def worker_config() -> dict:
    assets, pages = shell_assets(), offline_pages()
    digest = hashlib.sha256(json.dumps([assets, pages, _worker_source()]).encode())
    return {
        "version": digest.hexdigest()[:12],
        "assets": assets,
        "pages": pages,
        "offline": reverse("offline"),
        "logout": reverse("logout"),
        "player": "/workout/",
        # Under DEBUG the files keep their names as they change: the network first.
        "debug": settings.DEBUG,
    }


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    config = json.dumps(worker_config(), separators=(",", ":"))
    response = render(request, WORKER_TEMPLATE, {"config": config}, content_type="text/javascript")
    # Asked again at every visit, so a deploy reaches the worker at once.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    (theme, background), (dark_theme, dark_background) = THEME["light"], THEME["dark"]
    data = {
        "name": "Hipdips: a home routine for the side of the hips",
        "short_name": "Hipdips",
        "description": "A short guided routine for the side and back of the hips, "
        "and a log of every set.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": theme,
        "background_color": background,
        # Chromium's colours for a dark system theme.
        "user_preferences": {
            "color_scheme_dark": {"theme_color": dark_theme, "background_color": dark_background}
        },
        "icons": [
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [{"name": "Start a workout", "url": reverse("workouts:start")}],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "hipdips/offline.html", {"exercises": Exercise.objects.all()})
