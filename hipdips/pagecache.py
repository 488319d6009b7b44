"""Public pages kept whole for visitors who bring nothing of their own.

The home page, the explainer and the exercise library look the same to every signed-out
visitor without a session: no name, no workout to resume, no message, no CSRF token. Only
the CSP nonce of the script tags differs, one per response. Rendering such a page costs more
than everything else in its request. So the first visit renders it, and the page is kept
with a placeholder where the nonce was. Later visits within LIBRARY_CACHE_SECONDS get that copy with
their own nonce in it. Anyone with a session cookie, signed in or holding an anonymous
workout or a message, gets a page made for them.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.utils.cache import patch_vary_headers

from exercises.models import LIBRARY_CACHE_SECONDS
from hipdips.http import HtmxHttpRequest

NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's 200 answers to visitors without a session from a kept copy."""

    @wraps(view)
    def wrapper(request: HtmxHttpRequest, *args, **kwargs) -> HttpResponse:
        if not _is_newcomer(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        if (kept := cache.get(key)) is not None:
            return _from_kept(request, *kept)
        response = view(request, *args, **kwargs)
        # The page depends on the cookie: with a session, a visitor gets their own.
        patch_vary_headers(response, ["Cookie"])
        if _is_keepable(request, response):
            cache.set(key, _kept(request, response), LIBRARY_CACHE_SECONDS)
        return response

    return wrapper


def _is_newcomer(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
    )


def _key(request: HtmxHttpRequest) -> str:
    # The same URL gives the page or, for htmx, its partial (the views say Vary: HX-Request).
    htmx = request.htmx
    kind = "restore" if htmx.history_restore_request else "partial" if htmx else "page"
    return f"public-page:{kind}:{request.get_full_path()}"


def _is_keepable(request: HttpRequest, response: HttpResponse) -> bool:
    """A 200 with nothing of this visit in it: no cookie set, no CSRF token, no session
    written, and no header of the view's saying it is private."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.session.modified
        and "Cache-Control" not in response
    )


def _kept(request: HttpRequest, response: HttpResponse) -> tuple[bytes, list[tuple[str, str]]]:
    content = response.content
    nonce = get_nonce(request)
    if nonce:  # made while rendering: the page has script tags carrying it
        content = content.replace(str(nonce).encode(), NONCE_PLACEHOLDER)
    return content, list(response.items())


def _from_kept(request: HttpRequest, content: bytes, headers: list) -> HttpResponse:
    if NONCE_PLACEHOLDER in content:
        # Reading the nonce makes it, and the CSP middleware then names it in its header.
        content = content.replace(NONCE_PLACEHOLDER, str(get_nonce(request)).encode())
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response
