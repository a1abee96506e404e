"""Her home page's card of tasks before treatment: before her first session is held it
lists the health questions and the consent under "Before your first visit"; once a session
is held it shows only a consent still to sign (the clinic's form changed), under "Still to
do", and nothing when all is done."""

from mesoclinic.consent.services import consent_template_create
from tests.conftest import actor


def _card(client) -> str:
    """The tasks card of her home page, or "" when the page has none."""
    home = client.get("/portal/").content.decode()
    start = home.find('<section class="card before-visit"')
    return "" if start < 0 else home[start : home.index("</section>", start)]


def test_before_her_first_session_the_card_lists_health_questions_and_consent(ada_client):
    card = _card(ada_client)
    assert '<h2 id="before-visit-title">Before your first visit</h2>' in card
    assert "Health questions</a>" in card
    assert "Consent</a>" in card


def test_once_a_session_is_held_with_everything_signed_there_is_no_card(ada_client, held):
    assert _card(ada_client) == ""


def test_a_new_consent_form_after_her_sessions_is_still_to_do_not_before_her_first_visit(
    ada_client, held, clinic_admin, riverside
):
    consent_template_create(
        actor=actor(clinic_admin),
        clinic=riverside,
        title="Consent, revised",
        body="Revised. About {{expected_sessions}} sessions, costing {{cost}}.",
    )
    card = _card(ada_client)
    assert '<h2 id="before-visit-title">Still to do</h2>' in card
    assert "Before your first visit" not in card
    assert "Consent</a>" in card
    # The clinic screened her before her course started and re-checks at every visit.
    assert "Health questions</a>" not in card
