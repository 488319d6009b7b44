from django.http import HttpRequest

SECTIONS = {"workout", "exercises", "routines", "learn", "history", "progress", "accounts"}
ACCOUNT_LINKS = {"login", "signup"}  # the pages the signed-out navigation links to


def section(request: HttpRequest) -> dict[str, str]:
    """The site section a page belongs to, and the account link it is, for marking the
    current navigation link and keying the cached navigation: only known values, so any
    address a visitor makes up adds no cache entry."""
    first = request.path.strip("/").split("/", 1)[0]
    match = request.resolver_match
    return {
        "section": first if first in SECTIONS else "",
        "account_page": match.url_name if match and match.url_name in ACCOUNT_LINKS else "",
    }
