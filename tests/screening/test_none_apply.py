""" "None of these apply" answers every screening question no in one tick; each item is
still recorded on its own, and a yes given beside the tick is not silently overwritten."""

import pytest

from mesoclinic.screening.models import Screening

pytestmark = pytest.mark.django_db


def test_none_of_these_apply_records_every_item_as_no(patient, logged_in, today):
    response = logged_in.post(
        f"/patients/{patient.id}/screening/new/",
        {"taken_on": today.isoformat(), "none_apply": "on"},
    )

    screening = Screening.objects.get()
    assert response.status_code == 302
    asked = {a.item_key: a.answer for a in screening.answers.all() if a.item_key != "under_18"}
    assert len(asked) > 10
    assert set(asked.values()) == {False}


def test_a_yes_beside_none_of_these_apply_is_shown_beside_the_item(patient, logged_in, today):
    response = logged_in.post(
        f"/patients/{patient.id}/screening/new/",
        {"taken_on": today.isoformat(), "none_apply": "on", "answer_diabetes": "yes"},
    )

    assert response.status_code == 200
    assert "None of these apply" in response.context["form"].errors["answer_diabetes"][0]
    assert not Screening.objects.exists()


def test_without_the_tick_every_question_still_needs_an_answer(patient, logged_in, today):
    response = logged_in.post(
        f"/patients/{patient.id}/screening/new/", {"taken_on": today.isoformat()}
    )

    assert response.context["form"].errors["answer_pregnancy"] == ["Answer yes or no."]
    assert not Screening.objects.exists()


def test_the_form_offers_none_of_these_apply(patient, logged_in):
    content = logged_in.get(f"/patients/{patient.id}/screening/new/").content.decode()

    assert 'name="none_apply"' in content
    assert "None of these apply" in content
