"""The consent pages: signing with the patient, reading what was signed, and the clinic's
form versions."""

import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.consent.models import ConsentTemplate, SignedConsent
from tests.conftest import client_for
from tests.consent.conftest import XSS_NAME, png_data_url, sign_consent


def sign_data(**extra):
    return {
        "template_version": "",
        "read_confirmed": "on",
        "expected_sessions": "10–15",
        "cost": "£900",
        "patient_typed_name": "Ada Lovelace",
        "signature_kind": "typed",
        "signature_png": "",
        **extra,
    }


def page_urls(patient, consent) -> list[str]:
    return [
        f"/patients/{patient.id}/consent/",
        f"/patients/{patient.id}/consent/sign/",
        f"/consent/{consent.id}/",
    ]


def post_urls(patient, consent) -> list[str]:
    return [
        f"/patients/{patient.id}/consent/sign/",
        f"/consent/{consent.id}/entered-in-error/",
    ]


def test_the_patient_page_links_to_consent(patient, logged_in):
    assert (
        f'href="/patients/{patient.id}/consent/"'.encode()
        in logged_in.get(f"/patients/{patient.id}/").content
    )


def test_the_sign_page_shows_the_default_form_before_the_clinic_has_one(patient, logged_in):
    response = logged_in.get(f"/patients/{patient.id}/consent/sign/")

    content = response.content.decode()
    assert "Consent to mesotherapy for cellulite" in content
    assert "bruising (usually 7–10 days)" in content
    assert "[expected sessions: filled in below]" in content
    assert '<script src="/static/consent/signature.js" defer></script>' in content
    assert not ConsentTemplate.objects.exists()  # nothing is created by looking


def test_a_typed_consent_is_signed_from_the_page(patient, logged_in):
    response = logged_in.post(f"/patients/{patient.id}/consent/sign/", sign_data())

    consent = SignedConsent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/consent/{consent.id}/"
    assert consent.signature_kind == "typed"
    assert consent.template_version == 1


def test_a_drawn_consent_shows_the_drawing(patient, logged_in):
    logged_in.post(
        f"/patients/{patient.id}/consent/sign/",
        sign_data(signature_kind="drawn", signature_png=png_data_url()),
    )
    consent = SignedConsent.objects.get()

    page = logged_in.get(f"/consent/{consent.id}/").content.decode()

    assert consent.signature_kind == "drawn"
    assert '<img class="signature-image" src="data:image/png;base64,' in page


def test_a_drawn_signature_left_empty_shows_the_error_beside_the_signature(patient, logged_in):
    response = logged_in.post(
        f"/patients/{patient.id}/consent/sign/", sign_data(signature_kind="drawn")
    )

    assert response.status_code == 200
    assert "Draw the signature" in response.context["sign_form"].errors["signature_kind"][0]
    assert not SignedConsent.objects.exists()


def test_a_drawing_left_over_from_switching_to_typed_is_dropped(patient, logged_in):
    logged_in.post(f"/patients/{patient.id}/consent/sign/", sign_data(signature_png=png_data_url()))
    assert bytes(SignedConsent.objects.get().signature_png) == b""


def test_the_patient_must_have_read_the_form(patient, logged_in):
    data = sign_data()
    del data["read_confirmed"]

    response = logged_in.post(f"/patients/{patient.id}/consent/sign/", data)

    assert response.context["sign_form"].errors["read_confirmed"]
    assert b'id="id_read_confirmed-error"' in response.content


def test_a_form_changed_while_open_is_not_signed(patient, logged_in, practitioner):
    sign_consent(patient, practitioner)  # the clinic's form is now version 1

    response = logged_in.post(f"/patients/{patient.id}/consent/sign/", sign_data())

    assert response.status_code == 200
    assert b"The consent form has changed" in response.content
    assert SignedConsent.objects.count() == 1


def test_the_consent_page_lists_signed_consents_with_version_and_full_text(
    patient, logged_in, practitioner
):
    consent = sign_consent(patient, practitioner)

    content = logged_in.get(f"/patients/{patient.id}/consent/").content.decode()

    assert f"{consent.title}, version 1" in content
    assert "Full text as signed" in content
    assert "about 10–15 sessions" in content
    assert "riverside.practitioner" in content
    assert "The patient has signed the current version." in content


def test_a_signed_consent_cannot_be_changed_through_its_page(patient, logged_in, practitioner):
    consent = sign_consent(patient, practitioner)
    for method in ("put", "patch", "delete"):
        response = getattr(logged_in, method)(f"/consent/{consent.id}/")
        assert response.status_code == 405, method
    assert logged_in.post(f"/consent/{consent.id}/", {"cost": "£1"}).status_code == 405
    consent.refresh_from_db()
    assert consent.cost == "£900"


def test_marking_entered_in_error_keeps_the_consent_visible(patient, logged_in, practitioner):
    consent = sign_consent(patient, practitioner)

    response = logged_in.post(f"/consent/{consent.id}/entered-in-error/", {"reason": "mix-up"})

    assert response.status_code == 302
    page = logged_in.get(f"/consent/{consent.id}/").content.decode()
    assert "Entered in error: mix-up" in page
    assert "about 10–15 sessions" in page


# -- the clinic's consent form ----------------------------------------------------------------


def test_an_admin_saves_a_new_form_version_from_the_page(riverside, clinic_admin):
    admin = client_for(clinic_admin)
    page = admin.get(f"/consent-forms/{riverside.id}/")
    assert page.status_code == 200
    assert b"the default form (not yet saved)" in page.content

    response = admin.post(
        f"/consent-forms/{riverside.id}/",
        {"title": "Our consent", "body": "About {{expected_sessions}} sessions; {{cost}}."},
    )

    assert response.status_code == 302
    assert ConsentTemplate.objects.get().version == 1
    assert b"Current: version 1" in admin.get(f"/consent-forms/{riverside.id}/").content


def test_a_form_without_the_cost_slot_shows_the_error_beside_the_text(riverside, clinic_admin):
    response = client_for(clinic_admin).post(
        f"/consent-forms/{riverside.id}/", {"title": "T", "body": "{{expected_sessions}}"}
    )

    assert "{{cost}}" in response.context["form"].errors["body"][0]


def test_the_form_index_takes_an_admin_of_one_clinic_to_that_clinic(riverside, clinic_admin):
    response = client_for(clinic_admin).get("/consent-forms/")
    assert response["Location"] == f"/consent-forms/{riverside.id}/"


@pytest.mark.parametrize("who", ["practitioner", "front_desk", "outsider", "chain_manager"])
def test_only_the_clinic_admin_manages_its_consent_form(riverside, who, request):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/consent-forms/").status_code == 404
    assert client.get(f"/consent-forms/{riverside.id}/").status_code == 404
    response = client.post(
        f"/consent-forms/{riverside.id}/", {"title": "T", "body": "{{expected_sessions}} {{cost}}"}
    )
    assert response.status_code == 404
    assert not ConsentTemplate.objects.exists()


# -- who may not ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "front_desk", "chain_manager"])
def test_consent_pages_are_not_found_without_clinical_access(patient, practitioner, who, request):
    consent = sign_consent(patient, practitioner)
    client = client_for(request.getfixturevalue(who))
    for url in page_urls(patient, consent):
        assert client.get(url).status_code == 404, url
    for url in post_urls(patient, consent):
        assert client.post(url, {**sign_data(), "reason": "x"}).status_code == 404, url
    assert SignedConsent.objects.count() == 1
    consent.refresh_from_db()
    assert consent.status == "active"


def test_every_state_change_needs_the_csrf_token(patient, practitioner, clinic_admin, riverside):
    consent = sign_consent(patient, practitioner)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(clinic_admin)
    for url in [*post_urls(patient, consent), f"/consent-forms/{riverside.id}/"]:
        assert strict.post(url, {**sign_data(), "reason": "x"}).status_code == 403, url


def test_every_page_writes_a_read_row_to_the_audit_trail(patient, practitioner, logged_in):
    consent = sign_consent(patient, practitioner)
    for url in page_urls(patient, consent):
        before = AuditEvent.objects.filter(action=Action.READ, patient_id=patient.id).count()
        logged_in.get(url)
        after = AuditEvent.objects.filter(action=Action.READ, patient_id=patient.id).count()
        assert after > before, url


def test_the_form_page_writes_a_read_row(riverside, clinic_admin):
    client_for(clinic_admin).get(f"/consent-forms/{riverside.id}/")
    assert AuditEvent.objects.filter(target="consent form versions").exists()


def test_hostile_names_and_values_are_escaped(xss_patient, logged_in):
    logged_in.post(
        f"/patients/{xss_patient.id}/consent/sign/",
        sign_data(
            patient_typed_name=XSS_NAME,
            representative_name=XSS_NAME,
            representative_relation=XSS_NAME,
            cost=XSS_NAME,
            expected_sessions=XSS_NAME,
        ),
    )
    consent = SignedConsent.objects.get()
    for url in page_urls(xss_patient, consent):
        content = logged_in.get(url).content
        assert XSS_NAME.encode() not in content, url
        assert b"&lt;img src=x onerror=alert(1)&gt;" in content, url
