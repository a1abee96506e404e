"""Signing consent, and the consent form's versions."""

import base64
import io
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone
from PIL import Image

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.consent.models import ConsentTemplate, SignedConsent
from mesoclinic.consent.services import (
    consent_mark_entered_in_error,
    consent_sign,
    consent_template_create,
    consent_template_current_or_default,
)
from mesoclinic.consent.signature import PREFIX, signature_png_from_data_url
from mesoclinic.domain.errors import DomainError
from tests.conftest import actor
from tests.consent.conftest import png_data_url, sign_consent


def sign(patient, user, **overrides):
    fields = {
        "template_version": None,
        "patient_typed_name": "Ada Lovelace",
        "expected_sessions": "10–15",
        "cost": "£900",
        "signature_kind": "typed",
        **overrides,
    }
    return consent_sign(actor=actor(user), patient=patient, **fields)


def test_the_first_signature_saves_the_default_form_as_version_1(patient, practitioner):
    consent = sign(patient, practitioner)

    template = ConsentTemplate.objects.get(clinic=patient.clinic)
    assert template.version == 1
    assert consent.template == template
    assert consent.template_version == 1
    assert AuditEvent.objects.filter(
        action=Action.CREATE, target="consent form version 1", clinic_id=patient.clinic_id
    ).exists()


def test_a_signed_consent_keeps_the_text_as_signed_with_sessions_and_cost(patient, practitioner):
    before = timezone.now()

    consent = sign(patient, practitioner, expected_sessions="12", cost="£1,080")

    assert "about 12 sessions" in consent.text
    assert "expected to cost £1,080" in consent.text
    assert "{{" not in consent.text
    assert consent.author == practitioner  # the witness
    assert before <= consent.signed_at <= timezone.now()
    assert consent.signed_at.utcoffset() == timedelta(0)
    assert AuditEvent.objects.filter(action=Action.SIGN, target=f"consent {consent.id}").exists()


def test_typed_values_are_never_read_as_slots(patient, practitioner):
    consent = sign(patient, practitioner, expected_sessions="{{cost}}", cost="£10")

    assert "about {{cost}} sessions" in consent.text


def test_the_default_form_is_made_once(patient, practitioner):
    first = consent_template_current_or_default(actor=actor(practitioner), clinic=patient.clinic)
    again = consent_template_current_or_default(actor=actor(practitioner), clinic=patient.clinic)

    assert first == again
    assert ConsentTemplate.objects.count() == 1


def test_front_desk_cannot_make_the_default_form(patient, front_desk):
    with pytest.raises(Http404):
        consent_template_current_or_default(actor=actor(front_desk), clinic=patient.clinic)


def test_signing_against_a_form_that_has_since_changed_is_refused(
    patient, practitioner, clinic_admin
):
    sign(patient, practitioner)
    template = ConsentTemplate.objects.get()
    consent_template_create(
        actor=actor(clinic_admin),
        clinic=patient.clinic,
        title=template.title,
        body=template.body + "\nMore.",
    )

    with pytest.raises(DomainError) as refused:
        sign(patient, practitioner, template_version=1)

    assert refused.value.field == "template_version"
    assert "version 2" in refused.value.message
    assert sign(patient, practitioner, template_version=2).template_version == 2


def test_the_default_form_shown_before_an_admin_saved_one_is_refused(
    patient, practitioner, clinic_admin
):
    consent_template_create(
        actor=actor(clinic_admin),
        clinic=patient.clinic,
        title="Our form",
        body="Sessions: {{expected_sessions}}. Cost: {{cost}}.",
    )

    with pytest.raises(DomainError):
        sign(patient, practitioner, template_version=None)


@pytest.mark.parametrize("field", ["patient_typed_name", "expected_sessions", "cost"])
def test_name_sessions_and_cost_are_required(patient, practitioner, field):
    with pytest.raises(DomainError) as refused:
        sign(patient, practitioner, **{field: "  "})
    assert refused.value.field == field


@pytest.mark.parametrize("field", ["expected_sessions", "cost"])
def test_sessions_and_cost_are_one_line_without_control_characters(patient, practitioner, field):
    with pytest.raises(DomainError) as refused:
        sign(patient, practitioner, **{field: "12\nor 15"})
    assert refused.value.field == field
    assert not SignedConsent.objects.exists()


@pytest.mark.parametrize("who", ["front_desk", "outsider", "chain_manager"])
def test_only_clinical_staff_of_the_clinic_can_record_a_consent(patient, who, request):
    with pytest.raises(Http404):
        sign(patient, request.getfixturevalue(who))
    assert not SignedConsent.objects.exists()


def test_a_drawn_signature_is_stored_as_a_clean_png(patient, practitioner):
    consent = sign(patient, practitioner, signature_kind="drawn", signature_png=png_data_url())

    stored = bytes(consent.signature_png)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG"
        assert image.size == (600, 200)


@pytest.mark.parametrize(
    ("data_url", "message"),
    [
        ("", "PNG image is expected"),
        ("https://example.org/x.png", "PNG image is expected"),
        (png_data_url(fmt="JPEG").replace("image/jpeg", "image/png"), "not a PNG"),
        (PREFIX + "not base64!!", "could not be read"),
        (PREFIX + base64.b64encode(b"\x89PNG\r\n\x1a\n garbage").decode(), "could not be read"),
        (png_data_url(ink=False), "empty"),
        (png_data_url(size=(3000, 200)), "unexpected size"),
        (png_data_url(size=(20, 20)), "unexpected size"),
        (PREFIX + "A" * 400_000, "too large"),
    ],
)
def test_a_drawn_signature_that_is_not_a_plain_drawing_is_refused(data_url, message):
    with pytest.raises(DomainError, match=message) as refused:
        signature_png_from_data_url(data_url)
    assert refused.value.field == "signature_png"


def test_a_typed_signature_carries_no_drawing(patient, practitioner):
    with pytest.raises(DomainError):
        sign(patient, practitioner, signature_kind="typed", signature_png=png_data_url())


def test_an_unknown_signature_kind_is_refused(patient, practitioner):
    with pytest.raises(DomainError) as refused:
        sign(patient, practitioner, signature_kind="stamped")
    assert refused.value.field == "signature_kind"


def test_a_signed_consent_cannot_be_saved_over(patient, practitioner):
    consent = sign_consent(patient, practitioner)
    consent.cost = "£1"

    with pytest.raises(PermissionError):
        consent.save()
    consent.refresh_from_db()
    assert consent.cost == "£900"


def test_a_consent_form_version_cannot_be_edited(patient, practitioner):
    sign_consent(patient, practitioner)
    template = ConsentTemplate.objects.get()
    template.body = "changed"

    with pytest.raises(PermissionError):
        template.save()


def test_a_consent_entered_in_error_is_kept_and_marked(patient, practitioner):
    consent = sign_consent(patient, practitioner)

    consent_mark_entered_in_error(actor=actor(practitioner), consent=consent, reason="wrong form")

    consent.refresh_from_db()
    assert (consent.status, consent.status_reason) == ("entered_in_error", "wrong form")
    assert "about 10–15 sessions" in consent.text
    with pytest.raises(DomainError):
        consent_mark_entered_in_error(actor=actor(practitioner), consent=consent, reason="again")


def test_an_admin_saves_a_new_version_and_earlier_ones_stay(patient, practitioner, clinic_admin):
    first = sign_consent(patient, practitioner)

    second = consent_template_create(
        actor=actor(clinic_admin),
        clinic=patient.clinic,
        title="Consent, revised",
        body="About {{expected_sessions}} sessions, costing {{cost}}.",
    )

    assert second.version == 2
    assert ConsentTemplate.objects.get(version=1).body == first.template.body
    assert AuditEvent.objects.filter(action=Action.CREATE, target="consent form version 2").exists()


def test_a_version_without_the_sessions_or_cost_slot_is_refused(patient, clinic_admin):
    with pytest.raises(DomainError, match="expected_sessions"):
        consent_template_create(
            actor=actor(clinic_admin), clinic=patient.clinic, title="T", body="Cost: {{cost}}"
        )
    with pytest.raises(DomainError, match="cost"):
        consent_template_create(
            actor=actor(clinic_admin),
            clinic=patient.clinic,
            title="T",
            body="{{expected_sessions}} sessions",
        )


def test_saving_an_unchanged_form_is_refused(patient, clinic_admin):
    body = "{{expected_sessions}} sessions, {{cost}}"
    consent_template_create(actor=actor(clinic_admin), clinic=patient.clinic, title="T", body=body)

    with pytest.raises(DomainError, match="Nothing changed"):
        consent_template_create(
            actor=actor(clinic_admin), clinic=patient.clinic, title="T", body=body
        )


def test_only_a_clinic_admin_saves_form_versions(patient, practitioner):
    with pytest.raises(Http404):
        consent_template_create(
            actor=actor(practitioner),
            clinic=patient.clinic,
            title="T",
            body="{{expected_sessions}} {{cost}}",
        )
