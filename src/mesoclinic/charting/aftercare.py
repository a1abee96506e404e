"""The aftercare text a patient takes home after a session: honest, and never a promise.

A clinic may write its own text with placeholders from a fixed list. They are filled by
plain replacement, never by Python's str.format: a clinic's text is data, and a format
spec in it ("{clinic:>99999999}") must not be able to size or break a page.
"""

import re
import zoneinfo

from django.db import transaction

from mesoclinic.access import Capability, access_clinic
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.charting.models import AftercareTemplate, TreatmentSession
from mesoclinic.courses.selectors import course_sessions_planned
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.honesty import claim_problem
from mesoclinic.domain.protocol import Protocol
from mesoclinic.domain.wording import span
from mesoclinic.phone import phone_display
from mesoclinic.planning.protocol import clinic_protocol

# Each placeholder, with what it becomes (shown to the clinic admin beside the editor).
PLACEHOLDERS = {
    "clinic": "the clinic's name",
    "clinic_phone": "the clinic's phone number, from its settings",
    "redness_days": "how long redness and swelling usually last, from the protocol",
    "bruising_days": "how long bruising usually lasts, from the protocol",
    "next_session": "the next session's date and time, in the clinic's time zone",
    "exercise": "the exercise and diet paragraph, only for a course with a programme",
}

EXERCISE = """\
Exercise and diet
They are part of your plan: keep to the exercise and diet programme you agreed with your \
practitioner."""

DEFAULT_AFTERCARE = """\
What to expect
Redness and swelling where the needle went in are common and usually settle within \
{redness_days} days. Bruising is the usual minor effect and usually fades within \
{bruising_days} days. You can go back to your normal activities. Change, if any, shows \
gradually, varies from person to person and is not guaranteed.

What to report, and to whom
Call {clinic} on {clinic_phone} if a bruise has not faded by then; if an area becomes \
hot, more painful, swollen, or red and spreading; if you notice hard lumps, blisters or \
open sores; or if you feel unwell, have a fever or a rash elsewhere. Lumps or sores can \
appear weeks after a session, so call even if the course has ended. In an emergency, call \
the emergency services.

{exercise}

Your next session
{next_session}
"""

# A placeholder, or any other run in braces (checked and refused on save), or a lone brace.
_TOKEN = re.compile(r"\{([^{}]*)\}|[{}]")
# How a text saved before the fixed list is read: a known name with a format spec or a
# conversion after it ("{clinic:>20}", "{clinic!r}") is filled with the plain value.
_LEGACY = re.compile(r"\{(\w+)(?:[!:][^{}]*)?\}")


def placeholder_problem(body: str) -> str | None:
    """What is wrong with the braces of a clinic's text, naming the first culprit."""
    for match in _TOKEN.finditer(body):
        name = match.group(1)
        if name is None:
            line = body.count("\n", 0, match.start()) + 1
            return (
                f'A lone "{match.group(0)}" on line {line}: braces are only for placeholders '
                "such as {clinic}. Remove it or complete the placeholder."
            )
        if name not in PLACEHOLDERS:
            allowed = ", ".join("{" + known + "}" for known in PLACEHOLDERS)
            return f"Unknown placeholder {{{name}}}: use only {allowed}."
    return None


def fill(body: str, values: dict[str, str]) -> str:
    """Each known placeholder replaced by its value, in one pass (a value is never read
    again for placeholders); anything else is left as written."""
    text = _LEGACY.sub(lambda m: values.get(m.group(1), m.group(0)), body)
    # An empty paragraph (the exercise one, for a course without a programme) leaves no gap.
    return re.sub(r"\n{3,}", "\n\n", text)


def _days(protocol: Protocol, key: str) -> str:
    for event in protocol.adverse_events:
        if event.key == key and event.expected_days is not None:
            return span(*event.expected_days)
    return "a few"


def _next_session(session: TreatmentSession) -> str:
    clinic = session.clinic
    zone = zoneinfo.ZoneInfo(clinic.time_zone)
    booked = [
        appointment.starts_at.astimezone(zone)
        for appointment in Appointment.objects.filter(
            course_id=session.course_id,
            status__in=(AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN),
        ).order_by("starts_at")
    ]
    upcoming = [local for local in booked if local.date() > session.performed_on]
    if upcoming:
        return f"{upcoming[0]:%A %d %B %Y at %H:%M}"
    planned = [day for day in course_sessions_planned(session.course) if day > session.performed_on]
    if planned:
        return f"Planned for {planned[0]:%A %d %B %Y}: the clinic will book the time with you."
    return "None planned: your practitioner will tell you what comes next."


def session_aftercare(session: TreatmentSession) -> str:
    """The text for the patient of this session. The caller read the session through
    `access_session`."""
    clinic = session.clinic
    protocol = clinic_protocol(clinic)
    template = AftercareTemplate.objects.filter(clinic=clinic).first()
    body = template.body if template else DEFAULT_AFTERCARE
    return fill(
        body,
        {
            "clinic": clinic.name,
            "clinic_phone": phone_display(clinic.phone, clinic.country)
            or "the clinic's usual number",
            "redness_days": _days(protocol, "redness_swelling"),
            "bruising_days": _days(protocol, "bruising"),
            "next_session": _next_session(session),
            "exercise": EXERCISE if session.course.lifestyle else "",
        },
    )


def aftercare_template_save(*, actor: Actor, clinic_id: int, body: str) -> AftercareTemplate:
    """A clinic admin replaces the aftercare text; a brace that is not a known placeholder,
    or a claim the evidence does not support ("painless"), is refused with what to fix."""
    body = body.strip()
    if not body:
        raise DomainError("body", "Write the aftercare text, or keep the default.")
    problem = placeholder_problem(body) or claim_problem(body)
    if problem:
        raise DomainError("body", problem)
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        template, _ = AftercareTemplate.objects.update_or_create(
            clinic=clinic, defaults={"body": body, "updated_by": actor.user}
        )
        audit_record(
            actor=actor, action=Action.UPDATE, target="aftercare text", clinic_id=clinic.id
        )
    return template
