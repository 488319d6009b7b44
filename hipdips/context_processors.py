from django.http import HttpRequest


def section(request: HttpRequest) -> dict[str, str]:
    """The site section a page belongs to, for marking the current navigation link."""
    return {"section": request.path.strip("/").split("/", 1)[0] or "home"}
