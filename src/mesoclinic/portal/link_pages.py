"""The one page every emailed link shows when it is refused (expired, used, unknown), so a
patient reads the same words and the same way forward whichever link she followed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mesoclinic.portal.links import LinkRefused


def link_refused_response(
    request: HttpRequest, refused: LinkRefused, *, clinic: object | None = None
) -> HttpResponse:
    """410 for a link that once worked (expired, used), 404 for one that never did. The
    clinic, when the caller knows it, gives her a phone number to call."""
    status = 404 if refused.reason == "unknown" else 410
    return render(
        request,
        "portal/link_refused.html",
        {"refused": refused, "clinic": clinic},
        status=status,
    )
