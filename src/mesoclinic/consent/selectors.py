"""Reading consents and consent forms, scoped by clinic and role; each read of a page's
data is written to the audit trail in the same transaction."""

from dataclasses import dataclass

from django.db import models, transaction

from mesoclinic.access import (
    Capability,
    access_clinic,
    access_clinics,
    get_in_clinics_or_404,
    scoped,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic
from mesoclinic.consent.default_text import DEFAULT_TITLE, default_consent_body
from mesoclinic.consent.models import ConsentTemplate, SignedConsent
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.planning.protocol import clinic_protocol


@dataclass(frozen=True)
class CurrentForm:
    """The form a patient at this clinic signs now. `template` is None while the clinic
    has none yet: the default text is shown and becomes version 1 when first signed."""

    clinic: Clinic
    template: ConsentTemplate | None
    title: str
    body: str

    @property
    def version(self) -> int | None:
        return None if self.template is None else self.template.version


def current_template(clinic_id: int) -> ConsentTemplate | None:
    return ConsentTemplate.objects.filter(clinic_id=clinic_id).order_by("-version").first()


def current_form(clinic: Clinic) -> CurrentForm:
    template = current_template(clinic.id)
    if template is None:
        return CurrentForm(
            clinic, None, DEFAULT_TITLE, default_consent_body(clinic_protocol(clinic))
        )
    return CurrentForm(clinic, template, template.title, template.body)


def access_consents(actor: Actor) -> models.QuerySet[SignedConsent]:
    return scoped(
        SignedConsent.objects.select_related("patient", "author", "status_changed_by"),
        actor,
        Capability.CLINICAL,
    )


def access_consent(actor: Actor, consent_id: int) -> SignedConsent:
    """One signed consent, or 404 when it is not the actor's to read; the read is audited."""
    with transaction.atomic():
        consent = get_in_clinics_or_404(access_consents(actor), id=consent_id)
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"consent {consent.id}",
            clinic_id=consent.clinic_id,
            patient_id=consent.patient_id,
        )
    return consent


def patient_consents(actor: Actor, patient: Patient) -> list[SignedConsent]:
    """A patient's signed consents, newest first, entered-in-error ones included (marked)."""
    with transaction.atomic():
        consents = list(access_consents(actor).filter(patient_id=patient.id))
        audit_record(
            actor=actor,
            action=Action.READ,
            target="consent list",
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
        )
    return consents


def consent_start_blocker(actor: Actor, patient: Patient) -> str | None:
    """Why the patient's consent does not yet allow a course, or None when the patient
    has signed the clinic's current form. Not audited: the caller audits its own read."""
    signed = access_consents(actor).filter(
        patient_id=patient.id, clinic_id=patient.clinic_id, status=RecordStatus.ACTIVE
    )
    template = current_template(patient.clinic_id)
    if template is not None and signed.filter(template=template).exists():
        return None
    latest = signed.order_by("-template_version").first()
    if latest is None or template is None:
        return "No signed consent: the patient signs the clinic's consent form before a course."
    return (
        f"The signed consent is to version {latest.template_version} of the consent form; "
        f"the clinic now uses version {template.version}: the patient signs the current version."
    )


def access_current_forms(actor: Actor) -> list[CurrentForm]:
    """The form each of the actor's clinics uses now (clinics where the actor works with
    patients' clinical records)."""
    with transaction.atomic():
        clinics = list(access_clinics(actor, Capability.CLINICAL).order_by("name"))
        forms = [current_form(clinic) for clinic in clinics]
        audit_record(actor=actor, action=Action.READ, target="consent forms")
    return forms


def access_form_history(actor: Actor, clinic_id: int) -> tuple[CurrentForm, list[ConsentTemplate]]:
    """For the clinic admin: the current form and every earlier version."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        history = list(ConsentTemplate.objects.filter(clinic=clinic).select_related("created_by"))
        audit_record(
            actor=actor, action=Action.READ, target="consent form versions", clinic_id=clinic.id
        )
    return current_form(clinic), history


def setup_clinics(actor: Actor) -> list[Clinic]:
    return list(access_clinics(actor, Capability.SETUP).order_by("name"))
