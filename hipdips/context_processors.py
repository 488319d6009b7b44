from django.http import HttpRequest

SECTIONS = {"workout", "exercises", "routines", "learn", "history", "progress", "accounts"}


def section(request: HttpRequest) -> dict[str, str]:
    """The site section a page belongs to, for marking the current navigation link (and
    for keying the cached navigation: only known sections, so the keys stay few)."""
    first = request.path.strip("/").split("/", 1)[0]
    return {
        "section": first if first in SECTIONS else "",
        "account_page": request.path.removeprefix("/accounts/").strip("/")
        if first == "accounts"
        else "",
    }
