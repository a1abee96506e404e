"""The two blanks of the consent form are the server's, never hers: the sessions come from
her planned course once there is one, and the cost as the clinic will quote it."""

from mesoclinic.portal.intake.consent import QUOTED_COST, consent_page, expected_sessions_for
from tests.appointments.conftest import bookable, colleague, next_week_course  # noqa: F401
from tests.courses.conftest import grade_two, ready, today  # noqa: F401


def test_with_a_planned_course_the_form_names_its_recommended_sessions(
    next_week_course,  # noqa: F811
    patient,
):
    sessions = str(next_week_course.sessions_recommended)
    assert expected_sessions_for(patient) == sessions
    page = consent_page(patient)
    assert f"about {sessions} sessions" in page.text
    assert QUOTED_COST in page.text


def test_before_a_course_the_form_gives_the_protocols_range_worded_to_read_in_its_sentence(
    patient,
):
    # Grade 2 mild needs 3 to 5, grade 3 more than 20: the blank sits in "about ... sessions".
    assert expected_sessions_for(patient) == "3 to 20 or more"
    page = consent_page(patient)
    assert "expects you to need about 3 to 20 or more sessions." in page.text
    assert page.sessions_note == (
        "No course is planned for you yet, so the form gives the clinic's usual range: most "
        "courses take 3 to 20 or more sessions, depending on how advanced the cellulite is. "
        "Your practitioner will tell you your number at your assessment."
    )


def test_the_cost_reads_as_a_plain_sentence(patient):
    text = consent_page(patient).text
    assert "The course is expected to cost what the clinic quotes you before your first" in text


def test_with_a_planned_course_there_is_no_note_about_a_range(next_week_course, patient):  # noqa: F811
    assert consent_page(patient).sessions_note == ""
