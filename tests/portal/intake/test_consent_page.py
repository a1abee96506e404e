"""She reads the clinic's current consent form in the portal and signs it with her typed
name (and, if she likes, a drawn signature). The clinic's consent rules apply as at the
desk; the consent is recorded as signed via the portal, with no staff witness, and counts
for starting a course."""

from datetime import timedelta

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.consent.models import SignedConsent, SignedVia
from mesoclinic.consent.selectors import consent_start_blocker
from mesoclinic.consent.services import consent_template_create
from mesoclinic.portal.intake.consent import QUOTED_COST
from tests.conftest import actor, client_for
from tests.consent.conftest import png_data_url

URL = "/portal/consent/"


def _sign(client, name="Ada Lovelace", version="", **extra):
    data = {
        "template_version": version,
        "read_confirmed": "on",
        "typed_name": name,
        "signature_kind": "typed",
    }
    data.update(extra)
    return client.post(URL, data, follow=True)


def _new_version(clinic_admin, riverside, title="Consent, revised"):
    return consent_template_create(
        actor=actor(clinic_admin),
        clinic=riverside,
        title=title,
        body="Revised. About {{expected_sessions}} sessions, costing {{cost}}.",
    )


def test_she_reads_the_clinics_current_form_with_the_sessions_and_cost_filled_in(ada_client):
    page = ada_client.get(URL).content.decode()
    assert "Consent to mesotherapy for cellulite" in page
    assert "The evidence that mesotherapy improves cellulite is limited" in page
    assert "{{" not in page
    # Before a course is planned: the protocol's treatment range, grade 2 mild to grade 3.
    assert "about 3 to 20 or more sessions" in page
    assert "Your practitioner will tell you your number at your assessment." in page
    assert QUOTED_COST in page
    assert '<label for="id_typed_name">Your full name</label>' in page


def test_she_signs_with_her_typed_name_case_and_spacing_forgiven(ada_client, patient):
    page = _sign(ada_client, name="  ada   LOVELACE ").content.decode()
    assert "your consent has been recorded" in page
    assert "You have signed this form" in page
    consent = SignedConsent.objects.get(patient=patient)
    assert consent.signed_via == SignedVia.PORTAL
    assert consent.template_version == 1
    assert consent.cost == QUOTED_COST
    assert f"You signed version 1 on {consent.signed_at:%-d %B %Y}" in page


def test_a_name_that_is_not_hers_is_refused_beside_the_field_and_nothing_is_signed(
    ada_client, patient
):
    page = _sign(ada_client, name="Bea Other").content.decode()
    assert 'id="id_typed_name-error"' in page
    assert "Type your full name as the clinic has it: Ada Lovelace" in page
    assert 'value="Bea Other"' in page  # what she typed is kept
    assert not SignedConsent.objects.filter(patient=patient).exists()


def test_an_empty_name_or_no_confirmation_is_refused_with_what_to_fix(ada_client, patient):
    page = _sign(ada_client, name="", read_confirmed="").content.decode()
    assert "Type your full name to sign." in page
    assert "Please confirm you have read the form." in page
    assert not SignedConsent.objects.filter(patient=patient).exists()


def test_a_form_updated_while_she_read_is_refused_and_the_new_one_shown(
    ada_client, patient, clinic_admin, riverside
):
    _new_version(clinic_admin, riverside)
    page = _sign(ada_client, version="").content.decode()
    assert "The clinic has updated its consent form since you opened this page" in page
    assert "Consent, revised" in page
    assert 'name="template_version" value="1"' in page
    assert not SignedConsent.objects.filter(patient=patient).exists()
    _sign(ada_client, version="1")
    assert SignedConsent.objects.get(patient=patient).title == "Consent, revised"


def test_a_drawn_signature_is_checked_and_kept(ada_client, patient):
    page = _sign(ada_client, signature_kind="drawn", signature_png="").content.decode()
    assert (
        "No drawn signature came through: draw your signature in the box again, or choose "
        "“My typed name is my signature” to sign with your typed name only."
    ) in page
    assert "PNG" not in page
    assert 'value="Ada Lovelace"' in page  # what she typed is kept
    page = _sign(ada_client, signature_kind="drawn", signature_png=png_data_url()).content.decode()
    assert SignedConsent.objects.get(patient=patient).signature_png
    assert 'alt="Your drawn signature"' in page


def test_her_consent_counts_for_starting_a_course_and_staff_see_it_was_signed_online(
    ada_client, patient, practitioner
):
    assert consent_start_blocker(actor(practitioner), patient) is not None
    _sign(ada_client)
    assert consent_start_blocker(actor(practitioner), patient) is None
    page = client_for(practitioner).get(f"/patients/{patient.id}/consent/").content.decode()
    assert "None: signed in the patient portal" in page


def test_a_new_version_asks_her_to_sign_again(ada_client, clinic_admin, riverside):
    _sign(ada_client)
    _new_version(clinic_admin, riverside)
    page = ada_client.get(URL).content.decode()
    assert "You have signed this form" not in page
    assert "Version 2 of the clinic's form" in page
    assert "To do" in ada_client.get("/portal/").content.decode()


def test_her_reads_and_signature_are_audited_as_hers(ada_client, patient):
    ada_client.get(URL)
    _sign(ada_client)
    events = AuditEvent.objects.filter(patient_id=patient.id, via="portal")
    assert events.filter(action=Action.READ, target="consent form").count() == 3
    assert events.filter(action=Action.SIGN).count() == 1


def test_another_patient_never_sees_her_signed_consent(ada_client, bea_client, grace_client):
    _sign(ada_client)
    for other in (bea_client, grace_client):
        page = other.get(URL).content.decode()
        assert "You have signed this form" not in page
        assert "Ada Lovelace" not in page


def test_bea_cannot_sign_with_adas_name(bea_client, bea):
    page = _sign(bea_client, name="Ada Lovelace").content.decode()
    assert "Type your full name as the clinic has it: Bea Other" in page
    assert not SignedConsent.objects.filter(patient=bea).exists()


def test_staff_get_404_from_the_consent_page(practitioner, front_desk, outsider):
    for user in (practitioner, front_desk, outsider):
        client = client_for(user)
        assert client.get(URL).status_code == 404
        assert client.post(URL, {}).status_code == 404


def test_under_18_she_is_told_to_sign_at_the_clinic_with_a_parent(ada_client, patient):
    patient.date_of_birth = clinic_today(patient.clinic).replace(month=1, day=1) - timedelta(
        days=10 * 365
    )
    patient.save()
    page = _sign(ada_client).content.decode()
    assert "signed at the clinic together with a parent or guardian" in page
    assert not SignedConsent.objects.filter(patient=patient).exists()
