"""`{% portal_invitation patient %}`: the portal invitation form on the staff patient page,
which the patients app renders without knowing about portal accounts. The page has already
checked the reader's access to this patient."""

from typing import Any

from django import template

from mesoclinic.patients.models import Patient
from mesoclinic.portal.accounts.forms import InvitationForm
from mesoclinic.portal.models import PatientAccount

register = template.Library()


@register.inclusion_tag("portal/account/_staff_invitation_form.html", takes_context=True)
def portal_invitation(context: template.Context, patient: Patient) -> dict[str, Any]:
    account = PatientAccount.objects.select_related("user").filter(patient=patient).first()
    form = InvitationForm(initial={"email": account.email if account else patient.email})
    return {
        "patient": patient,
        "account": account,
        "form": form,
        "csrf_token": context.get("csrf_token"),
    }
