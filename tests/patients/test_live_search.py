"""The live patient search: each answer replaces the results and the error slots, never
the search box, and says which search it answers."""

import pytest

pytestmark = pytest.mark.django_db

LIVE = {"HTTP_HX_REQUEST": "true"}


def test_a_live_search_returns_the_results_and_the_error_slot_but_not_the_box(logged_in, patient):
    content = logged_in.post("/patients/", {"q": "lovelace"}, **LIVE).content.decode()

    assert 'id="patient-results"' in content
    assert "<input" not in content
    assert 'id="id_q-errors" hx-swap-oob="true"' in content


def test_the_results_state_the_search_they_answer(logged_in, patient):
    content = logged_in.post("/patients/", {"q": "lovelace"}, **LIVE).content.decode()

    assert "Results for “lovelace”" in content


def test_a_search_too_long_is_refused_beside_the_box(logged_in, patient):
    content = logged_in.post("/patients/", {"q": "x" * 101}, **LIVE).content.decode()

    slot = content[content.index('id="id_q-errors"') :]
    assert "at most 100 characters" in slot[: slot.index("</div>")]
