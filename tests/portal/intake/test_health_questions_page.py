"""Before her first visit she answers the clinic's screening questions in plain words. Her
answers wait for the practitioner; a stop among them tells her, kindly and without naming
anything, that the clinic will call before any treatment, and puts her on the desk's list."""

from datetime import timedelta

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.portal.intake.questions import intake_questions
from mesoclinic.screening.models import PatientIntake, Screening
from tests.conftest import client_for
from tests.portal.intake.conftest import CAUTION, STOP, page_post

URL = "/portal/health-questions/"


def test_she_is_asked_every_screening_question_of_her_clinic_in_plain_words(ada_client, riverside):
    page = ada_client.get(URL).content.decode()
    questions = intake_questions(riverside)
    assert len(questions) == 12  # the protocol's thirteen, less the age question
    for question in questions:
        assert question.question in page
    assert "Are you pregnant, or could you be?" in page
    assert "Fitzpatrick" not in page  # the clinician's word, not hers
    assert "Under 18" not in page  # answered from her date of birth


def test_every_answer_and_note_has_its_label(ada_client):
    page = ada_client.get(URL).content.decode()
    assert page.count("<legend>") == 12
    assert page.count('<label for="id_note_') == 12


def test_all_no_is_sent_to_the_clinic_and_awaits_review(ada_client, patient, riverside):
    response = ada_client.post(URL, page_post(riverside), follow=True)
    page = response.content.decode()
    assert "your answers have been sent to the clinic" in page
    assert "Your practitioner will go through them with you" in page
    intake = PatientIntake.objects.get(patient=patient)
    assert intake.clinic == riverside
    assert intake.reviewed_at is None
    assert not intake.has_stop
    assert not Screening.objects.filter(patient=patient).exists()  # nothing signed


def test_a_stop_tells_her_the_clinic_will_call_without_a_diagnosis(ada_client, patient, riverside):
    page = ada_client.post(URL, page_post(riverside, STOP), follow=True).content.decode()
    notice = page[page.index('<section class="card notice"') :]
    notice = notice[: notice.index("</section>")].lower()
    assert "the clinic will call you" in notice
    assert "before any treatment" in notice
    for named in ("pregnan", "stop", "cannot", "not suitable"):
        assert named not in notice
    assert PatientIntake.objects.get(patient=patient).has_stop


def test_a_caution_is_recorded_for_review_with_no_alarm(ada_client, patient, riverside):
    page = ada_client.post(URL, page_post(riverside, CAUTION), follow=True).content.decode()
    assert "The clinic will call you" not in page
    intake = PatientIntake.objects.get(patient=patient)
    assert not intake.has_stop
    assert {row["key"]: row["answer"] for row in intake.answers}[CAUTION] is True


def test_a_question_left_unanswered_is_refused_beside_it_and_nothing_she_gave_is_lost(
    ada_client, patient, riverside
):
    data = page_post(riverside, CAUTION, **{CAUTION: "Apixaban 5 mg"})
    del data["answer_diabetes"]
    page = ada_client.post(URL, data).content.decode()
    assert "Some questions still need an answer" in page
    assert 'id="id_answer_diabetes-error"' in page
    assert "Please answer yes or no." in page
    assert "Apixaban 5 mg" in page
    assert (
        'name="answer_anticoagulant_or_antiplatelet" value="yes" required '
        'id="id_answer_anticoagulant_or_antiplatelet_0" checked' in page
    )
    assert not PatientIntake.objects.filter(patient=patient).exists()


def test_a_note_too_long_is_refused_beside_its_field(ada_client, patient, riverside):
    data = page_post(riverside, CAUTION, **{CAUTION: "x" * 281})
    page = ada_client.post(URL, data).content.decode()
    assert "Please keep this to 280 characters." in page
    assert not PatientIntake.objects.filter(patient=patient).exists()


def test_her_answers_are_shown_again_so_she_can_update_them(ada_client, patient, riverside):
    ada_client.post(URL, page_post(riverside, CAUTION, **{CAUTION: "Warfarin"}))
    page = ada_client.get(URL).content.decode()
    assert "Warfarin" in page
    ada_client.post(URL, page_post(riverside))
    assert PatientIntake.objects.filter(patient=patient).count() == 2  # the first is kept


def test_her_page_reads_are_audited_and_her_answers_are_recorded_as_hers(
    ada_client, patient, riverside
):
    ada_client.get(URL)
    ada_client.post(URL, page_post(riverside))
    events = AuditEvent.objects.filter(patient_id=patient.id, via="portal")
    assert events.filter(action=Action.READ, target="health questions").count() == 2
    assert events.filter(action=Action.CREATE, target__startswith="patient intake").count() == 1


def test_another_patient_never_sees_her_answers(ada_client, bea_client, grace_client, riverside):
    ada_client.post(URL, page_post(riverside, CAUTION, **{CAUTION: "Warfarin"}))
    for other in (bea_client, grace_client):
        page = other.get(URL).content.decode()
        assert "Warfarin" not in page
        assert "You sent your answers" not in page


def test_staff_get_404_from_the_health_questions_page(practitioner, front_desk, outsider):
    for user in (practitioner, front_desk, outsider):
        client = client_for(user)
        assert client.get(URL).status_code == 404
        assert client.post(URL, {}).status_code == 404


def test_under_18_is_a_stop_from_her_birth_date_though_never_asked(ada_client, patient, riverside):
    patient.date_of_birth = clinic_today(riverside).replace(month=1, day=1) - timedelta(
        days=10 * 365
    )
    patient.save()
    page = ada_client.post(URL, page_post(riverside), follow=True).content.decode()
    assert "The clinic will call you" in page
    assert PatientIntake.objects.get(patient=patient).has_stop
