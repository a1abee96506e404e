"""The progress page: the change in words, a chart per measure with its numbers one click
away, and a course not the user's is a 404."""

import re

from mesoclinic.audit.models import Action, AuditEvent
from tests.conftest import client_for


def test_the_progress_page_shows_the_change_the_charts_and_their_numbers(
    flat, practitioner
) -> None:
    response = client_for(practitioner).get(f"/courses/{flat.id}/progress/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "CSS total 8 → 8, no change after 6 sessions" in page
    assert "(−0.5 cm), within the measurement error this clinic&#x27;s protocol sets (1 cm)" in page
    assert (
        "Not a responder by this clinic&#x27;s rule "
        "(a responder&#x27;s CSS total falls by 2 points or more)." in page
    )
    assert page.count('role="img"') == len(re.findall(r"<figure class=\"progress-chart\"", page))
    assert "<summary>Numbers of this chart</summary>" in page
    assert "<td>60.5 cm</td>" in page
    assert "<td>60.0 cm</td>" in page
    assert "Cache-Control" in response.headers
    assert "no-store" in response.headers["Cache-Control"]


def test_reading_the_progress_page_is_audited(flat, practitioner) -> None:
    client_for(practitioner).get(f"/courses/{flat.id}/progress/")
    assert AuditEvent.objects.filter(
        action=Action.READ, target=f"course {flat.id} progress", actor=practitioner
    ).exists()


def test_the_course_page_links_to_progress_and_shows_the_flag(flat, practitioner) -> None:
    page = client_for(practitioner).get(f"/courses/{flat.id}/").content.decode()
    assert f'href="/courses/{flat.id}/progress/"' in page
    assert "Decision needed. No change on the index area" in page
    assert 'name="decision"' in page


def test_another_clinics_user_gets_404_on_the_progress_page(flat, outsider) -> None:
    assert client_for(outsider).get(f"/courses/{flat.id}/progress/").status_code == 404


def test_the_front_desk_gets_404_on_the_progress_page(flat, front_desk) -> None:
    assert client_for(front_desk).get(f"/courses/{flat.id}/progress/").status_code == 404
