import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from hipdips.http import PRIVATE, HtmxHttpRequest


class RequestBodyLimitMiddleware:
    """A body larger than MAX_REQUEST_BYTES (file parts included) gets a 413 before a byte
    of it is read, so nothing is buffered; Django reads no body without a Content-Length."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0  # Django then reads no body at all
        if size > settings.MAX_REQUEST_BYTES:
            context = {"size_kb": size // 1024, "limit_kb": settings.MAX_REQUEST_BYTES // 1024}
            return HttpResponse(render_to_string("413.html", context), status=413)
        return self.get_response(request)


class UserTimeZoneMiddleware:
    """Shows dates in the signed-in user's own time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class PrivatePagesMiddleware:
    """What a signed-in person is shown is theirs alone (history, exports, the account, the
    navigation with their name in it): no cache, shared or in the browser, keeps a copy.
    A view that says how it may be cached keeps its own header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = PRIVATE
        return response


class MethodNotAllowedPageMiddleware:
    """Django answers a wrong method (GET on a POST-only address) with an empty 405; a
    person who followed such a link gets a page of ours instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxHttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not request.htmx:
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
