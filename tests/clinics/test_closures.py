"""Closures and holidays: a first and last day (first not after last) and a reason."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.models import Closure
from mesoclinic.clinics.services import closure_add
from tests.conftest import actor, client_for


def test_an_admin_adds_a_closure(clinic_admin, riverside):
    response = client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/closures/",
        {"first_day": "2031-04-18", "last_day": "2031-04-21", "reason": "Easter"},
    )

    assert response.status_code == 302
    closure = Closure.objects.get(clinic=riverside)
    assert (closure.first_day, closure.last_day) == (date(2031, 4, 18), date(2031, 4, 21))
    row = AuditEvent.objects.get(action=Action.CREATE)
    assert (row.target, row.clinic_id) == (f"closure {closure.id}", riverside.id)


def test_a_one_day_closure_is_fine(clinic_admin, riverside):
    response = client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/closures/",
        {"first_day": "2031-05-05", "last_day": "2031-05-05", "reason": "Bank holiday"},
    )

    assert response.status_code == 302


def test_a_closure_ending_before_it_starts_is_refused_beside_the_last_day(clinic_admin, riverside):
    response = client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/closures/",
        {"first_day": "2031-04-21", "last_day": "2031-04-18", "reason": "Easter"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["last_day"] == [
        "The last day cannot be before the first day."
    ]
    assert not Closure.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.CREATE).exists()


def test_the_closures_page_lists_closures(clinic_admin, riverside, closure):
    response = client_for(clinic_admin).get(f"/clinic/{riverside.id}/closures/")

    assert b"2030-12-25" in response.content
    assert b"Holiday" in response.content
    assert AuditEvent.objects.get(action=Action.READ).target == "closures"


def test_an_admin_removes_a_closure_by_post(clinic_admin, riverside, closure):
    client = client_for(clinic_admin)
    url = f"/clinic/{riverside.id}/closures/{closure.id}/remove/"

    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Closure.objects.exists()
    assert AuditEvent.objects.get(action=Action.UPDATE).target == f"closure {closure.id} removed"


def test_a_closure_of_another_clinic_cannot_be_removed_through_ones_own(
    clinic_admin, riverside, hillcrest
):
    theirs = Closure.objects.create(
        clinic=hillcrest, first_day=date(2031, 1, 1), last_day=date(2031, 1, 1), reason="x"
    )

    response = client_for(clinic_admin).post(f"/clinic/{riverside.id}/closures/{theirs.id}/remove/")

    assert response.status_code == 404
    assert Closure.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize(
    ("first", "last"), [("9999-12-30", "9999-12-31"), ("0001-01-01", "0001-01-02")]
)
def test_a_closure_outside_1900_to_2100_is_refused_beside_its_days(
    first, last, clinic_admin, riverside
):
    response = client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/closures/",
        {"first_day": first, "last_day": last, "reason": "Holiday"},
    )

    errors = response.context["form"].errors
    assert errors["first_day"] == errors["last_day"] == ["Use a date between 1900 and 2100."]
    assert not Closure.objects.exists()


def test_the_service_refuses_a_closure_in_year_0001_whoever_calls_it(clinic_admin, riverside):
    with pytest.raises(ValidationError) as refused:
        closure_add(
            actor=actor(clinic_admin),
            clinic_id=riverside.id,
            first_day=date(1, 1, 1),
            last_day=date(1, 1, 2),
            reason="Holiday",
        )

    assert refused.value.message_dict["last_day"] == ["Use a date between 1900 and 2100."]
    assert not Closure.objects.exists()
