from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


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
