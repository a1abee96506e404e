"""The one page every emailed link shows when it is refused (expired, used, unknown): the
words fit what the link was for, and every such page gives a way forward: the sign-in
page, and the clinic's phone when the link names a patient."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mesoclinic.portal.links import LinkRefused, link_find
from mesoclinic.portal.models import LinkPurpose


def link_refused_response(
    request: HttpRequest, refused: LinkRefused, *, purpose: LinkPurpose, secret: str
) -> HttpResponse:
    """410 for a link that once worked (expired, used), 404 for one that never did."""
    status = 404 if refused.reason == "unknown" else 410
    link = link_find(purpose=purpose, secret=secret)
    return render(
        request,
        "portal/link_refused.html",
        {
            "refused": refused,
            "message": refused.message_for(purpose),
            "clinic": link.patient.clinic if link is not None else None,
        },
        status=status,
    )
