"""A clinic's dashboard figures, as the page shows them (small groups suppressed), and the
de-identified research export for its admins."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router

from mesoclinic.access import Capability, access_clinic, capabilities_at
from mesoclinic.audit.actor import actor_from
from mesoclinic.dashboard.export import outcomes_export
from mesoclinic.dashboard.schemas import DashboardOut
from mesoclinic.dashboard.selectors import access_dashboard
from mesoclinic.dashboard.worklists import clinic_worklists
from mesoclinic.validation import Id

router = Router(tags=["dashboard"])


@router.get("/clinics/{clinic_id}/dashboard", response=DashboardOut)
def clinic_dashboard(request: HttpRequest, clinic_id: Id) -> dict[str, Any]:
    actor, now = actor_from(request, via="api"), timezone.now()
    shown = access_dashboard(actor, clinic_id, now)
    waiting = clinic_worklists(actor, shown.clinic, capabilities_at(actor, clinic_id), now)
    counts = waiting.recalls_to_call
    return {
        "clinic_id": shown.clinic.id,
        "clinic": shown.clinic.name,
        "computed_at": shown.computed_at,
        "figures": shown.figures,
        "recalls_to_call": None if counts is None else counts.to_call,
        "recalls_not_to_contact": None if counts is None else counts.not_to_contact,
        "flagged_course_ids": None
        if waiting.flagged is None
        else [course.id for course in waiting.flagged],
    }


CSV_RESPONSE = {
    "responses": {
        "200": {
            "description": "The de-identified outcomes as CSV, its header row naming each column",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


@router.get("/clinics/{clinic_id}/outcomes/export", openapi_extra=CSV_RESPONSE)
def outcomes_csv(request: HttpRequest, clinic_id: Id) -> HttpResponse:
    actor = actor_from(request, via="api")
    clinic = access_clinic(actor, clinic_id, Capability.SETUP)
    response = HttpResponse(
        outcomes_export(actor=actor, clinic=clinic), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="outcomes-deidentified.csv"'
    return response
