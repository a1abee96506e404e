"""The aftercare text a patient takes home after a session: honest, and never a promise."""

from string import Formatter

from django.db import transaction

from mesoclinic.access import Capability, access_clinic
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.charting.models import AftercareTemplate
from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.protocol import Protocol
from mesoclinic.domain.wording import span

DEFAULT_AFTERCARE = """\
What to expect
Redness and swelling where the needle went in are common and usually settle within \
{redness_days} days. Bruising is the usual minor effect and usually fades within \
{bruising_days} days. You can go back to your normal activities.

What to report, and to whom
Call {clinic} if a bruise has not faded by then; if an area becomes hot, more painful, \
swollen, or red and spreading; if you notice hard lumps, blisters or open sores; or if \
you feel unwell, have a fever or a rash elsewhere. Lumps or sores can appear weeks after \
a session, so call even if the course has ended. In an emergency, call the emergency \
services.

Exercise and diet
They are part of your plan: keep to the programme you agreed with your practitioner. \
Change, if any, shows gradually, varies from person to person and is not guaranteed.

Your next session
{next_session}
"""
PLACEHOLDERS = ("clinic", "redness_days", "bruising_days", "next_session")


def check_placeholders(body: str) -> list[str]:
    """Unknown placeholders in a clinic's text, so a typo is refused rather than shown."""
    used = {name for _, name, _, _ in Formatter().parse(body) if name}
    return sorted(used - set(PLACEHOLDERS))


def _days(protocol: Protocol, key: str) -> str:
    for event in protocol.adverse_events:
        if event.key == key and event.expected_days is not None:
            return span(*event.expected_days)
    return "a few"


def aftercare_text(protocol: Protocol, clinic: Clinic, next_session: str) -> str:
    template = AftercareTemplate.objects.filter(clinic=clinic).first()
    body = template.body if template else DEFAULT_AFTERCARE
    return body.format(
        clinic=clinic.name,
        redness_days=_days(protocol, "redness_swelling"),
        bruising_days=_days(protocol, "bruising"),
        next_session=next_session,
    )


def aftercare_template_save(*, actor: Actor, clinic_id: int, body: str) -> AftercareTemplate:
    """A clinic admin replaces the aftercare text; unknown placeholders are refused."""
    body = body.strip()
    if not body:
        raise DomainError("body", "Write the aftercare text, or keep the default.")
    unknown = check_placeholders(body)
    if unknown:
        allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        raise DomainError("body", f"Unknown placeholder {{{unknown[0]}}}: use only {allowed}.")
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        template, _ = AftercareTemplate.objects.update_or_create(
            clinic=clinic, defaults={"body": body, "updated_by": actor.user}
        )
        audit_record(
            actor=actor, action=Action.UPDATE, target="aftercare text", clinic_id=clinic.id
        )
    return template
