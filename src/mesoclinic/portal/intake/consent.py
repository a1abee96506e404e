"""Her consent, read and signed in the portal before the first visit.

The clinic's consent rules apply unchanged: the signature goes through the consent app's
`consent_record` (the clinic's current version, the typed name hers with case and spacing
forgiven, a drawn signature checked and re-encoded), recorded as signed via the portal
with no staff witness. She signs for herself only; a representative signs at the clinic.

The form's two per-patient slots are filled by the server, never by her: the number of
sessions from her planned course when she has one (else the protocol's treatment range),
and the cost as the clinic will quote it.
"""

from dataclasses import dataclass

from django.db import transaction

from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.consent.models import SignedConsent, SignedVia
from mesoclinic.consent.selectors import CurrentForm, current_form, current_template
from mesoclinic.consent.services import consent_record, fill_in, normal_name
from mesoclinic.courses.models import OPEN_STATES, Course
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.protocol import Protocol
from mesoclinic.domain.screening import ADULT_AGE_YEARS
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.planning.protocol import clinic_protocol

# Both blanks sit inside the clinic's own sentences ("...to need about {{expected_sessions}}
# sessions", "...expected to cost {{cost}}."), so each value is worded to read on there.
QUOTED_COST = "what the clinic quotes you before your first session"
NO_TREATMENT_RANGE = "the recommended number of"


@dataclass(frozen=True)
class SessionRange:
    """The sessions a treatment course takes by the protocol, from the fewest any grade
    needs to the most; `open_ended` when a grade gives no upper limit ("more than 20")."""

    fewest: int
    most: int
    open_ended: bool

    def __str__(self) -> str:
        # Fits "about ... sessions": "3 to 15", or "3 to 20 or more" for an open end.
        if self.open_ended:
            return f"{self.fewest} to {self.most} or more"
        return str(self.most) if self.fewest == self.most else f"{self.fewest} to {self.most}"


def protocol_range(protocol: Protocol) -> SessionRange | None:
    """None when the protocol has no treatment grade (nothing to quote before a plan)."""
    treatment = [rule for rule in protocol.grades.values() if rule.kind == "treatment"]
    if not treatment:
        return None
    fewest = min(
        [rule.sessions.low for rule in treatment]
        + [band.low for rule in treatment for band in rule.sessions_by_css_band.values()]
    )
    # An open-ended grade's lowest count is "more than" the number below it.
    open_lows = [rule.sessions.low - 1 for rule in treatment if rule.sessions.high is None]
    highs = [rule.sessions.high for rule in treatment if rule.sessions.high is not None]
    return SessionRange(fewest, max(open_lows + highs), open_ended=bool(open_lows))


def expected_sessions_for(patient: Patient) -> str:
    """Her planned course's recommended sessions, or, before a course is planned, the
    range the clinic's protocol gives for a treatment course."""
    return _sessions_terms(patient)[0]


def _sessions_terms(patient: Patient) -> tuple[str, str]:
    """The sessions blank as the form is filled, and the note shown beside the form when
    that is a range rather than her own number (empty once a course is planned)."""
    course = (
        Course.objects.filter(patient=patient, state__in=OPEN_STATES, status=RecordStatus.ACTIVE)
        .order_by("-created_at")
        .first()
    )
    if course is not None:
        return str(course.sessions_recommended), ""
    found = protocol_range(clinic_protocol(patient.clinic))
    yours = "Your practitioner will tell you your number at your assessment."
    if found is None:
        return NO_TREATMENT_RANGE, f"No course is planned for you yet. {yours}"
    return str(found), (
        "No course is planned for you yet, so the form gives the clinic's usual range: most "
        f"courses take {found} sessions, depending on how advanced the cellulite is. {yours}"
    )


@dataclass(frozen=True)
class ConsentPage:
    form: CurrentForm
    text: str  # the form as she would sign it, slots filled
    expected_sessions: str
    # Why the form gives a range before a course is planned; empty once it is.
    sessions_note: str
    cost: str
    # Her consent to the current version, if she has signed it (in the portal or at the
    # clinic); her other consents stay in the clinic's record.
    signed: SignedConsent | None


def consent_page(patient: Patient) -> ConsentPage:
    """What the consent page shows her. Not audited: the caller audits its page's read."""
    form = current_form(patient.clinic)
    sessions, sessions_note = _sessions_terms(patient)
    signed = None
    if form.template is not None:
        signed = (
            SignedConsent.objects.filter(
                patient=patient, template=form.template, status=RecordStatus.ACTIVE
            )
            .order_by("-signed_at", "-id")
            .first()
        )
    return ConsentPage(
        form=form,
        text=fill_in(form.body, expected_sessions=sessions, cost=QUOTED_COST),
        expected_sessions=sessions,
        sessions_note=sessions_note,
        cost=QUOTED_COST,
        signed=signed,
    )


def consent_sign_by_patient(
    *,
    actor: Actor,
    patient: Patient,
    template_version: int | None,
    typed_name: str,
    signature_kind: str,
    signature_png: str = "",
) -> SignedConsent:
    """She signs the clinic's current form herself. `template_version` is the version she
    was shown; a form changed since is refused as at the clinic."""
    with transaction.atomic():
        patient = Patient.objects.select_related("clinic").get(pk=patient.pk)
        if patient.age_on(clinic_today(patient.clinic)) < ADULT_AGE_YEARS:
            raise DomainError("typed_name", UNDER_AGE)
        _check_her_name(patient, typed_name)
        try:
            return _record(
                actor, patient, template_version, typed_name, signature_kind, signature_png
            )
        except DomainError as error:
            if error.field == "template_version":
                raise DomainError("template_version", FORM_CHANGED) from None
            if error.field == "signature_png":
                raise DomainError("signature_png", DRAWING_UNREAD) from None
            raise


# Under 18 a parent or guardian signs too, which the clinic records as its representative.
UNDER_AGE = (
    "Under 18, consent is signed at the clinic together with a parent or guardian. "
    "Nothing was signed here: please bring one of them to your first visit."
)
# The consent app's reasons (format, size, an empty box) are for staff; she can only draw
# again or sign with her typed name alone.
DRAWING_UNREAD = (
    "No drawn signature came through: draw your signature in the box again, or choose "
    "“My typed name is my signature” to sign with your typed name only."
)
FORM_CHANGED = (
    "The clinic has updated its consent form since you opened this page. Nothing was "
    "signed: read the updated form below, then sign it."
)


def _check_her_name(patient: Patient, typed_name: str) -> None:
    # The consent service checks the same; this says it in words for her, not for staff.
    if not typed_name.strip():
        raise DomainError("typed_name", "Type your full name to sign.")
    on_record = f"{patient.given_name} {patient.family_name}"
    if normal_name(typed_name) != normal_name(on_record):
        raise DomainError(
            "typed_name",
            f"Type your full name as the clinic has it: {on_record}. If your name has "
            "changed, please call the clinic before signing.",
        )


def _record(
    actor: Actor,
    patient: Patient,
    template_version: int | None,
    typed_name: str,
    signature_kind: str,
    signature_png: str,
) -> SignedConsent:
    return consent_record(
        actor=actor,
        patient=patient,
        template_version=template_version,
        patient_typed_name=typed_name,
        expected_sessions=expected_sessions_for(patient),
        cost=QUOTED_COST,
        signature_kind=signature_kind,
        signature_png=signature_png,
        representative_name="",
        representative_relation="",
        via=SignedVia.PORTAL,
    )


@dataclass(frozen=True)
class ConsentStatus:
    signed: SignedConsent | None

    @property
    def words(self) -> str:
        if self.signed is None:
            return "To do"
        return f"Signed {self.signed.signed_at:%d %b %Y}"


def consent_status(patient: Patient) -> ConsentStatus:
    """Whether she has signed the clinic's current form (for her home page)."""
    template = current_template(patient.clinic_id)
    if template is None:
        return ConsentStatus(None)
    signed = (
        SignedConsent.objects.filter(patient=patient, template=template, status=RecordStatus.ACTIVE)
        .order_by("-signed_at", "-id")
        .first()
    )
    return ConsentStatus(signed)
