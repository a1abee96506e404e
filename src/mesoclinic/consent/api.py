"""Consent endpoints. A signed consent has no update path: there is no PUT or PATCH, and
the signing time, witness, clinic and status are the server's (sending them is refused)."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from mesoclinic.access import Capability, access_patient
from mesoclinic.audit.actor import actor_from
from mesoclinic.consent.models import SignedConsent, SignedVia
from mesoclinic.consent.selectors import access_consent, access_current_forms, patient_consents
from mesoclinic.consent.services import consent_sign
from mesoclinic.consent.signature import png_data_url
from mesoclinic.validation import Id, Line

router = Router(tags=["consent"])


class ConsentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    template_version: int | None = Field(
        ge=1,
        le=2**31 - 1,
        description="The version shown to the patient (GET /consent-templates); "
        "null for a clinic still on the default form.",
    )
    patient_typed_name: Line = Field(
        min_length=1,
        max_length=200,
        description="The signer's own name: the patient's, or the representative's.",
    )
    representative_name: Line = Field(
        default="", max_length=200, description="Someone signing on the patient's behalf."
    )
    representative_relation: Line = Field(
        default="", max_length=100, description="Who the representative is to the patient."
    )
    expected_sessions: Line = Field(min_length=1, max_length=100)
    cost: Line = Field(min_length=1, max_length=100)
    signature_kind: Literal["typed", "drawn"]
    signature_png: Line = Field(
        default="", max_length=300_000, description="For a drawn signature: a PNG data URL."
    )


class ConsentOut(Schema):
    id: int
    patient_id: int
    clinic_id: int
    template_version: int
    title: str
    text: str
    expected_sessions: str
    cost: str
    patient_typed_name: str
    representative_name: str
    representative_relation: str
    signer: str
    signature_kind: str
    signature_png: str
    signed_at: datetime
    witness: str
    status: str
    status_reason: str


class ConsentFormOut(Schema):
    clinic_id: int
    clinic: str
    version: int | None = Field(
        description="null: the default form, saved as version 1 when first signed"
    )
    title: str
    body: str


def _out(consent: SignedConsent) -> dict[str, Any]:
    return {
        "id": consent.id,
        "patient_id": consent.patient_id,
        "clinic_id": consent.clinic_id,
        "template_version": consent.template_version,
        "title": consent.title,
        "text": consent.text,
        "expected_sessions": consent.expected_sessions,
        "cost": consent.cost,
        "patient_typed_name": consent.patient_typed_name,
        "representative_name": consent.representative_name,
        "representative_relation": consent.representative_relation,
        "signer": consent.signer,
        "signature_kind": consent.signature_kind,
        "signature_png": png_data_url(bytes(consent.signature_png))
        if consent.signature_png
        else "",
        "signed_at": consent.signed_at,
        # A consent signed in the portal has no witness (its author is the patient).
        "witness": "" if consent.signed_via == SignedVia.PORTAL else consent.author.get_username(),
        "status": consent.status,
        "status_reason": consent.status_reason,
    }


@router.get("/patients/{patient_id}/consents", response=list[ConsentOut])
def list_consents(request: HttpRequest, patient_id: Id) -> list[dict[str, Any]]:
    actor = actor_from(request, via="api")
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="consent list")
    return [_out(consent) for consent in patient_consents(actor, patient)]


@router.post("/patients/{patient_id}/consents", response={201: ConsentOut})
def sign_consent(
    request: HttpRequest, patient_id: Id, payload: ConsentIn
) -> Status[dict[str, Any]]:
    """Record a signed consent to the clinic's current form, witnessed by the caller."""
    actor = actor_from(request, via="api")
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="consent form")
    consent = consent_sign(actor=actor, patient=patient, **payload.model_dump())
    return Status(201, _out(access_consent(actor, consent.id)))


@router.get("/consents/{consent_id}", response=ConsentOut)
def read_consent(request: HttpRequest, consent_id: Id) -> dict[str, Any]:
    return _out(access_consent(actor_from(request, via="api"), consent_id))


@router.get("/consent-templates", response=list[ConsentFormOut])
def current_consent_forms(request: HttpRequest) -> list[dict[str, Any]]:
    """The form each of the caller's clinics uses now."""
    return [
        {
            "clinic_id": form.clinic.id,
            "clinic": form.clinic.name,
            "version": form.version,
            "title": form.title,
            "body": form.body,
        }
        for form in access_current_forms(actor_from(request, via="api"))
    ]
