"""The two blanks of the consent form are the server's, never hers: the sessions come from
her planned course once there is one, and the cost as the clinic will quote it."""

from mesoclinic.portal.consent import QUOTED_COST, consent_page, expected_sessions_for
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


def test_before_a_course_the_form_gives_the_protocols_range(patient):
    assert expected_sessions_for(patient) == "3 to more than 20"
