"""What a first visit downloads: every page's document and the static files it links,
compressed, and the HTML of each player screen. Run inside the benchmark (its database and
collected static files); prints nothing itself."""

import gzip
import re
from pathlib import Path

PAGE_BUDGET = 60 * 1024  # a page's first load, compressed
SCREEN_BUDGET = 10 * 1024  # a player screen's HTML, compressed
ASSET = re.compile(r'(?:src|href)="(/static/[^"#?]+)')
SCREEN = re.compile(r'data-screen="(\w+)"')
STEP = re.compile(r'name="step" value="(\d+)"')

PUBLIC = ["/", "/learn/", "/exercises/", "/exercises/fire-hydrant/", "/accounts/login/"]
SIGNED_IN = ["/", "/workout/", "/routines/", "/history/", "/progress/", "/accounts/"]


def compressed(body: bytes) -> int:
    return len(gzip.compress(body, 6))


def client(user=None):
    from django.test import Client

    browser = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    if user is not None:
        browser.force_login(user)
    return browser


def asset_size(url: str, sizes: dict[str, int]) -> int:
    from django.conf import settings

    if url not in sizes:
        path = Path(settings.STATIC_ROOT) / url.removeprefix(
            "/" + settings.STATIC_URL.strip("/") + "/"
        )
        sizes[url] = compressed(path.read_bytes())
    return sizes[url]


def page_loads(user) -> list[dict]:
    sizes: dict[str, int] = {}
    rows = []
    for signed_in, paths in ((False, PUBLIC), (True, SIGNED_IN)):
        browser = client(user if signed_in else None)
        for path in paths:
            html = browser.get(path).content
            assets = set(ASSET.findall(html.decode()))
            total = compressed(html) + sum(asset_size(url, sizes) for url in assets)
            rows.append(
                {
                    "page": f"{path} ({'signed in' if signed_in else 'signed out'})",
                    "html_bytes": compressed(html),
                    "first_load_bytes": total,
                    "meets_target": total < PAGE_BUDGET,
                }
            )
    return rows


def screen_sizes(user, routine_id: int) -> list[dict]:
    """Go through a workout as a person would and weigh each kind of screen once, as the
    full page and as the partial htmx swaps in."""
    browser = client(user)
    start = browser.post("/workout/", {"routine": routine_id, "replace": "on"})
    player = start["Location"]
    seen: dict[str, dict] = {}

    def weigh(response) -> str:
        shown = SCREEN.search(response.content.decode())
        if shown is None:
            raise RuntimeError(f"no player screen in {response.content[:300]!r}")
        kind = shown.group(1)
        if kind not in seen:
            page = browser.get(player).content
            seen[kind] = {
                "screen": kind,
                "page_bytes": len(page),
                "page_compressed": compressed(page),
                "partial_compressed": compressed(response.content),
                "meets_target": compressed(page) < SCREEN_BUDGET,
            }
        return kind

    response = browser.get(player, HTTP_HX_REQUEST="true")
    for _ in range(200):
        kind = weigh(response)
        step = STEP.search(response.content.decode())
        if kind in ("complete", "ended") or step is None:
            break
        action = {"ready": "begin/", "set": "done/", "rest": "skip-rest/", "switch": "skip-rest/"}
        if kind == "set" and "paused" not in seen:
            browser.post(f"{player}pause/", {"step": step.group(1)})
            weigh(browser.get(player, HTTP_HX_REQUEST="true"))
            browser.post(f"{player}resume/", {"step": step.group(1)})
        fields = {"step": step.group(1), "reps": 12}
        response = browser.post(f"{player}{action[kind]}", fields, HTTP_HX_REQUEST="true")
    ended = browser.post("/workout/", {"routine": routine_id, "replace": "on"})
    browser.post(f"{ended['Location']}end/", {})
    weigh(browser.get(ended["Location"], HTTP_HX_REQUEST="true"))
    return list(seen.values())
