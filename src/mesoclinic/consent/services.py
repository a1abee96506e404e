"""Every change to consent: one transaction, one audit row. Forms are never edited (a
change is a new version) and a signed consent is never changed (only marked entered in
error)."""

import re

from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from mesoclinic.access import (
    Capability,
    access_clinic,
    access_patients,
    capabilities_at,
    get_in_clinics_or_404,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic
from mesoclinic.consent.default_text import DEFAULT_TITLE, default_consent_body
from mesoclinic.consent.models import (
    COST_SLOT,
    EXPECTED_SESSIONS_SLOT,
    ConsentTemplate,
    SignatureKind,
    SignedConsent,
    SignedVia,
)
from mesoclinic.consent.selectors import access_consents, current_template
from mesoclinic.consent.signature import signature_png_from_data_url
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.plausible import line_problems, text_problem
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.planning.protocol import clinic_protocol

TITLE_MAX = 200
BODY_MAX = 20_000


def _text(field: str, value: str, limit: int, what: str) -> str:
    value = value.strip()
    if not value:
        raise DomainError(field, f"Fill in {what}.")
    if len(value) > limit:
        raise DomainError(field, f"Keep {what} to {limit} characters.")
    return value


def normal_name(name: str) -> str:
    # Case and runs of spaces aside: "  ada   LOVELACE " is Ada Lovelace.
    return " ".join(name.split()).casefold()


def _signer(
    patient: Patient, typed_name: str, representative_name: str, representative_relation: str
) -> tuple[str, str]:
    """The representative's name and relation (both empty when the patient signs), after
    checking the typed name is the signer's own."""
    representative_name = representative_name.strip()
    representative_relation = representative_relation.strip()
    if len(representative_name) > 200:
        raise DomainError(
            "representative_name", "Keep the representative's name to 200 characters."
        )
    if len(representative_relation) > 100:
        raise DomainError(
            "representative_relation", "Keep the relation to the patient to 100 characters."
        )
    problems = line_problems(
        representative_name=representative_name, representative_relation=representative_relation
    )
    if problems:  # one field at a time, as every other refusal here
        field, problem = next(iter(problems.items()))
        raise DomainError(field, problem)
    if representative_name and not representative_relation:
        raise DomainError(
            "representative_relation",
            "Say who the representative is to the patient (e.g. her mother).",
        )
    if representative_relation and not representative_name:
        raise DomainError("representative_name", "Give the name of the representative signing.")
    if representative_name:
        if normal_name(typed_name) != normal_name(representative_name):
            raise DomainError(
                "patient_typed_name",
                f"The typed name must be the representative's, {representative_name}, who "
                "signs on the patient's behalf.",
            )
    elif normal_name(typed_name) != normal_name(f"{patient.given_name} {patient.family_name}"):
        raise DomainError(
            "patient_typed_name",
            f"The typed name must be the patient's, {patient.given_name} {patient.family_name}. "
            "If someone else signs for the patient, record them as the representative, with "
            "their relation to the patient.",
        )
    return representative_name, representative_relation


def fill_in(body: str, *, expected_sessions: str, cost: str) -> str:
    """The form's text for one patient. One pass, so typed values are never re-read as
    slots."""
    values = {EXPECTED_SESSIONS_SLOT: expected_sessions, COST_SLOT: cost}
    pattern = "|".join(re.escape(slot) for slot in values)
    return re.sub(pattern, lambda match: values[match.group(0)], body)


def _locked_clinic(clinic_id: int) -> Clinic:
    # Versions are numbered under a lock on the clinic, so two admins saving at once get
    # versions n+1 and n+2 rather than a clash.
    return Clinic.objects.select_for_update().get(pk=clinic_id)


def _create_version(*, actor: Actor, clinic: Clinic, title: str, body: str) -> ConsentTemplate:
    latest = ConsentTemplate.objects.filter(clinic=clinic).aggregate(top=Max("version"))["top"]
    template = ConsentTemplate.objects.create(
        clinic=clinic,
        version=(latest or 0) + 1,
        title=title,
        body=body,
        created_by=actor.user,
    )
    audit_record(
        actor=actor,
        action=Action.CREATE,
        target=f"consent form version {template.version}",
        clinic_id=clinic.id,
    )
    return template


def consent_template_current_or_default(*, actor: Actor, clinic: Clinic) -> ConsentTemplate:
    """The clinic's current form; a clinic without one gets the default as version 1."""
    with transaction.atomic():
        if not capabilities_at(actor, clinic.id) & {Capability.CLINICAL, Capability.SETUP}:
            raise Http404("No such record.")
        return _current_or_default(actor=actor, clinic=clinic)


def _current_or_default(*, actor: Actor, clinic: Clinic) -> ConsentTemplate:
    # Callers check the actor may use the clinic's form (staff capability, or a patient's
    # own clinic) and hold a transaction.
    clinic = _locked_clinic(clinic.id)
    template = current_template(clinic.id)
    if template is None:
        template = _create_version(
            actor=actor,
            clinic=clinic,
            title=DEFAULT_TITLE,
            body=default_consent_body(clinic_protocol(clinic)),
        )
    return template


def consent_template_create(
    *, actor: Actor, clinic: Clinic, title: str, body: str
) -> ConsentTemplate:
    """A new version of the clinic's form (clinic admins only). Earlier versions stay as
    they were, so every signed consent still names the text it was signed against."""
    title = _text("title", title, TITLE_MAX, "the title")
    body = _text("body", body, BODY_MAX, "the text")
    for slot, what in ((EXPECTED_SESSIONS_SLOT, "expected sessions"), (COST_SLOT, "cost")):
        if slot not in body:
            raise DomainError(
                "body", f"Keep {slot} in the text: the {what} is filled in there for each patient."
            )
    with transaction.atomic():
        clinic = access_clinic(actor, clinic.id, Capability.SETUP)
        clinic = _locked_clinic(clinic.id)
        current = current_template(clinic.id)
        if current is not None and (current.title, current.body) == (title, body):
            raise DomainError("body", "Nothing changed: this is the current version already.")
        return _create_version(actor=actor, clinic=clinic, title=title, body=body)


def consent_sign(
    *,
    actor: Actor,
    patient: Patient,
    template_version: int | None,
    patient_typed_name: str,
    expected_sessions: str,
    cost: str,
    signature_kind: str,
    signature_png: str = "",
    representative_name: str = "",
    representative_relation: str = "",
) -> SignedConsent:
    """Record the patient's consent to the clinic's current form, witnessed by the actor.

    `template_version` is the version the patient was shown (None: the default form of a
    clinic that has none yet); if the form changed in the meantime, nothing is signed.
    `signature_png` is a PNG data URL for a drawn signature; for a typed one the typed
    name is the signature. The typed name is the patient's, or, when a representative
    signs on the patient's behalf, the representative's (with their relation)."""
    with transaction.atomic():
        patient = get_in_clinics_or_404(
            access_patients(actor, Capability.CLINICAL).select_related("clinic"), id=patient.id
        )
        return consent_record(
            actor=actor,
            patient=patient,
            template_version=template_version,
            patient_typed_name=patient_typed_name,
            expected_sessions=expected_sessions,
            cost=cost,
            signature_kind=signature_kind,
            signature_png=signature_png,
            representative_name=representative_name,
            representative_relation=representative_relation,
            via=SignedVia.CLINIC,
        )


def consent_record(
    *,
    actor: Actor,
    patient: Patient,
    template_version: int | None,
    patient_typed_name: str,
    expected_sessions: str,
    cost: str,
    signature_kind: str,
    signature_png: str,
    representative_name: str,
    representative_relation: str,
    via: SignedVia,
) -> SignedConsent:
    """The clinic's consent rules, for a patient the caller has already found through its
    own access check (a staff witness's clinic, or the patient's own portal account). One
    path for both, so a consent signed in the portal meets exactly the same rules."""
    typed_name = _text("patient_typed_name", patient_typed_name, 200, "the patient's name")
    sessions = _text("expected_sessions", expected_sessions, 100, "the expected sessions")
    cost = _text("cost", cost, 100, "the cost")
    # Both are filled into the signed text: one line each, nothing that could disguise it.
    for field, value in (("expected_sessions", sessions), ("cost", cost)):
        if (problem := text_problem(value)) is not None:
            raise DomainError(field, problem)
    if signature_kind == SignatureKind.DRAWN:
        png = signature_png_from_data_url(signature_png)
    elif signature_kind == SignatureKind.TYPED:
        if signature_png:
            raise DomainError("signature_png", "A typed signature has no drawing.")
        png = b""
    else:
        raise DomainError("signature_kind", 'Choose "typed" or "drawn".')
    with transaction.atomic():
        if patient.status != RecordStatus.ACTIVE:
            raise DomainError("patient", "This patient record was entered in error.")
        representative, relation = _signer(
            patient, typed_name, representative_name, representative_relation
        )
        existed = current_template(patient.clinic_id)
        shown = None if existed is None else existed.version
        if template_version != shown:
            now = "the default form" if shown is None else f"version {shown}"
            raise DomainError(
                "template_version",
                f"The consent form has changed (it is now {now}): read the current form "
                "with the patient before signing.",
            )
        template = _current_or_default(actor=actor, clinic=patient.clinic)
        consent = SignedConsent.objects.create(
            patient=patient,
            clinic=patient.clinic,
            author=actor.user,
            template=template,
            template_version=template.version,
            title=template.title,
            text=fill_in(template.body, expected_sessions=sessions, cost=cost),
            expected_sessions=sessions,
            cost=cost,
            patient_typed_name=typed_name,
            representative_name=representative,
            representative_relation=relation,
            signature_kind=signature_kind,
            signature_png=png,
            signed_at=timezone.now(),
            signed_via=via,
        )
        audit_record(
            actor=actor,
            action=Action.SIGN,
            target=f"consent {consent.id}",
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
    return consent


def consent_mark_entered_in_error(*, actor: Actor, consent: SignedConsent, reason: str) -> None:
    reason = _text("reason", reason, 300, "why the consent was entered in error")
    with transaction.atomic():
        list(SignedConsent.objects.select_for_update().filter(pk=consent.pk))
        consent = get_in_clinics_or_404(access_consents(actor), id=consent.pk)
        if consent.status != RecordStatus.ACTIVE:
            raise DomainError("reason", "This consent is already marked entered in error.")
        SignedConsent.objects.filter(pk=consent.pk).update(
            status=RecordStatus.ENTERED_IN_ERROR,
            status_reason=reason,
            status_changed_at=timezone.now(),
            status_changed_by=actor.user,
        )
        audit_record(
            actor=actor,
            action=Action.ENTERED_IN_ERROR,
            target=f"consent {consent.id}",
            clinic_id=consent.clinic_id,
            patient_id=consent.patient_id,
        )
