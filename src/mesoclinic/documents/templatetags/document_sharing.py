"""`{% share_controls "plan" course.id %}`: whether the document is in the patient's portal,
with Share (or Share the current version) and Stop sharing, on the pages that make it.
Shown only to staff who may read clinical records there, as the document itself is.

`{% her_course_documents patient course %}`: on her course page in the portal, the documents the
clinic shared from that course."""

from typing import Any

from django import template

from mesoclinic.audit.actor import actor_from
from mesoclinic.courses.models import Course
from mesoclinic.documents.models import DocumentKind
from mesoclinic.documents.sharing import current_share
from mesoclinic.patients.models import Patient
from mesoclinic.portal.documents.views import her_course_documents as shared_from_course

register = template.Library()


@register.inclusion_tag("documents/_share_controls.html", takes_context=True)
def share_controls(context: dict[str, Any], kind: str, record_id: int) -> dict[str, Any]:
    request = context["request"]
    return {
        "kind": kind,
        "label": DocumentKind(kind).label,
        "record_id": record_id,
        "share": current_share(actor_from(request), kind, record_id),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("portal/documents/_course_documents.html")
def her_course_documents(patient: Patient, course: Course) -> dict[str, Any]:
    """`patient` is the signed-in one; the page found `course` as hers."""
    return {"documents": shared_from_course(patient, course), "clinic": course.clinic}
