"""`{% share_controls "plan" course.id %}`: whether the document is in the patient's portal,
with Share (or Share the current version) and Stop sharing, on the pages that make it.
Shown only to staff who may read clinical records there, as the document itself is."""

from typing import Any

from django import template

from mesoclinic.audit.actor import actor_from
from mesoclinic.documents.models import DocumentKind
from mesoclinic.documents.sharing import current_share

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
