"""Absences: whole days a practitioner is away. Admins and front desk record anyone's, a
practitioner her own; cancelling keeps the row. The audit trail names the absence by id,
never its kind, and a colleague sees "Away" rather than the reason."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.rota.models import Absence
from mesoclinic.rota.services import absence_cancel, absence_record
from tests.conftest import actor, client_for

JUNE_2 = date(2031, 6, 2)


def absence_post(client, clinic, person, first="2031-06-02", last="2031-06-06", kind="sickness"):
    return client.post(
        f"/rota/{clinic.id}/absences/new/",
        {"practitioner": str(person.id), "first_day": first, "last_day": last, "kind": kind},
    )


def test_front_desk_records_a_practitioners_sick_week(front_desk, practitioner, riverside):
    response = absence_post(client_for(front_desk), riverside, practitioner)

    assert response.status_code == 302
    absence = Absence.objects.get()
    assert (absence.practitioner, absence.first_day, absence.last_day, absence.kind) == (
        practitioner,
        JUNE_2,
        date(2031, 6, 6),
        "sickness",
    )
    assert absence.recorded_by == front_desk


def test_the_audit_row_names_the_absence_by_id_and_never_its_kind(
    front_desk, practitioner, riverside
):
    absence_post(client_for(front_desk), riverside, practitioner)

    absence = Absence.objects.get()
    write = AuditEvent.objects.get(action=Action.CREATE)
    assert (write.target, write.clinic_id) == (f"absence {absence.id}", riverside.id)
    assert "sick" not in " ".join(AuditEvent.objects.values_list("target", flat=True)).lower()


def test_a_practitioner_records_her_own_absence(practitioner, riverside):
    response = absence_post(client_for(practitioner), riverside, practitioner, kind="leave")

    assert response.status_code == 302
    assert Absence.objects.get().practitioner == practitioner


def test_a_practitioner_cannot_record_a_colleagues_absence(practitioner, colleague, riverside):
    with pytest.raises(Http404):
        absence_record(
            actor=actor(practitioner),
            clinic_id=riverside.id,
            practitioner_id=colleague.id,
            first_day=JUNE_2,
            last_day=JUNE_2,
            kind="leave",
        )

    form = client_for(practitioner).get(f"/rota/{riverside.id}/absences/new/").context["form"]
    assert [value for value, _ in form.fields["practitioner"].choices] == [practitioner.id]
    assert not Absence.objects.exists()


def test_front_desk_is_offered_everyone_on_the_rota_but_not_itself(
    front_desk, practitioner, colleague, clinic_admin, riverside
):
    form = client_for(front_desk).get(f"/rota/{riverside.id}/absences/new/").context["form"]

    offered = {value for value, _ in form.fields["practitioner"].choices}
    assert offered == {practitioner.id, colleague.id, clinic_admin.id}


def test_a_last_day_before_the_first_is_refused_beside_the_field(
    front_desk, practitioner, riverside
):
    response = absence_post(
        client_for(front_desk), riverside, practitioner, first="2031-06-06", last="2031-06-02"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["last_day"] == [
        "The last day cannot be before the first day."
    ]


def test_an_absence_overlapping_one_already_recorded_is_refused(
    front_desk, practitioner, riverside, absence
):
    response = absence_post(
        client_for(front_desk), riverside, practitioner, first="2031-03-07", last="2031-03-10"
    )

    [message] = response.context["form"].errors["first_day"]
    assert message.startswith("An absence from 2031-03-03 to 2031-03-07 is already recorded")
    assert Absence.objects.count() == 1


def test_cancelling_keeps_the_row_and_frees_the_days(front_desk, practitioner, riverside, absence):
    response = client_for(front_desk).post(f"/rota/{riverside.id}/absences/{absence.id}/cancel/")

    assert response.status_code == 302
    absence.refresh_from_db()
    assert absence.cancelled_at is not None
    write = AuditEvent.objects.get(action=Action.UPDATE)
    assert write.target == f"absence {absence.id} cancelled"
    again = absence_post(
        client_for(front_desk), riverside, practitioner, first="2031-03-03", last="2031-03-03"
    )
    assert again.status_code == 302


def test_an_absence_cannot_be_cancelled_twice(clinic_admin, riverside, absence):
    absence_cancel(actor=actor(clinic_admin), clinic_id=riverside.id, absence_id=absence.id)

    with pytest.raises(ValidationError, match="already cancelled"):
        absence_cancel(actor=actor(clinic_admin), clinic_id=riverside.id, absence_id=absence.id)


def test_a_practitioner_cannot_cancel_a_colleagues_absence(colleague, riverside, absence):
    response = client_for(colleague).post(f"/rota/{riverside.id}/absences/{absence.id}/cancel/")

    assert response.status_code == 404
    absence.refresh_from_db()
    assert absence.cancelled_at is None


def test_a_colleague_sees_away_and_front_desk_sees_the_kind(
    colleague, front_desk, practitioner, riverside, absence
):
    seen_by_colleague = client_for(colleague).get(f"/rota/{riverside.id}/").content.decode()
    seen_by_front_desk = client_for(front_desk).get(f"/rota/{riverside.id}/").content.decode()
    seen_by_herself = client_for(practitioner).get(f"/rota/{riverside.id}/").content.decode()

    assert "Off sick" not in seen_by_colleague
    assert "Away" in seen_by_colleague
    assert "Off sick" in seen_by_front_desk
    assert "Off sick" in seen_by_herself


def test_an_absence_of_someone_not_on_the_rota_is_refused(front_desk, riverside):
    with pytest.raises(Http404):
        absence_record(
            actor=actor(front_desk),
            clinic_id=riverside.id,
            practitioner_id=front_desk.id,
            first_day=JUNE_2,
            last_day=JUNE_2,
            kind="leave",
        )


@pytest.mark.parametrize(
    ("first", "last"), [("9999-12-30", "9999-12-31"), ("0001-01-01", "0001-01-02")]
)
def test_an_absence_outside_1900_to_2100_is_refused_beside_its_days(
    first, last, front_desk, practitioner, riverside
):
    response = absence_post(client_for(front_desk), riverside, practitioner, first, last)

    errors = response.context["form"].errors
    assert errors["first_day"] == errors["last_day"] == ["Use a date between 1900 and 2100."]
    assert not Absence.objects.exists()
