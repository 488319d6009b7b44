from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from hipdips.models import User

    class HtmxHttpRequest(HttpRequest):
        """Any request past django-htmx's middleware (settings.MIDDLEWARE): it always sets
        request.htmx."""

        htmx: HtmxDetails

    class AuthenticatedHttpRequest(HtmxHttpRequest):
        """A request to a login_required view: its user has an account."""

        user: User

else:
    # Both are for the type checker only: at run time every request is Django's HttpRequest.
    HtmxHttpRequest = AuthenticatedHttpRequest = HttpRequest

# What a person's own pages say to every cache, shared or in the browser: keep no copy.
PRIVATE = "private, no-store"


def render_page_or_partial(
    request: HtmxHttpRequest,
    template: str,
    partial_name: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    partial: bool | None = None,
) -> HttpResponse:
    """The whole page, or for an htmx swap only its named partial; the same URL serves
    both. A history restore (htmx lost its copy of a page) needs the whole page."""
    if partial is None:
        partial = bool(request.htmx) and not request.htmx.history_restore_request
    name = f"{template}#{partial_name}" if partial else template
    return render(request, name, context, status=status)


def see_other(url: str) -> HttpResponseRedirect:
    """Post/redirect/get with 303, so that a reload never sends the form again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def safe_next(request: HttpRequest) -> str:
    """The posted `next` address if it leads back into this site, else an empty string."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else ""
