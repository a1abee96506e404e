"""A practitioner's weekly pattern: several spans a day, none overlapping another of the
same day, each inside the clinic's opening hours for that day. Saving replaces the week."""

from datetime import time

import pytest

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.models import OpeningHours
from mesoclinic.rota.models import Shift
from mesoclinic.rota.services import ShiftsError, ShiftSpan, shift_problems, shifts_set
from tests.conftest import actor, client_for
from tests.rota.conftest import MONDAY, SATURDAY, SUNDAY, TUESDAY

WEEKDAYS_9_TO_6 = {day: [(time(9), time(18))] for day in range(5)}


def shifts_post(client, clinic, person, rows, initial=0):
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"form-{index}-{field}"] = value
    return client.post(f"/rota/{clinic.id}/shifts/{person.id}/", data)


def row(weekday, starts, ends, **extra):
    return {"weekday": str(weekday), "starts": starts, "ends": ends, **extra}


def shifts_of(person):
    return [
        (s.weekday, s.starts.strftime("%H:%M"), s.ends.strftime("%H:%M"))
        for s in Shift.objects.filter(practitioner=person)
    ]


def test_an_admin_sets_a_practitioners_week_with_a_split_day(
    clinic_admin, practitioner, riverside, opening_hours
):
    response = shifts_post(
        client_for(clinic_admin),
        riverside,
        practitioner,
        [
            row(MONDAY, "09:00", "12:30"),
            row(MONDAY, "14:00", "18:00"),
            row(SATURDAY, "09:00", "13:00"),
        ],
    )

    assert response.status_code == 302
    assert shifts_of(practitioner) == [
        (MONDAY, "09:00", "12:30"),
        (MONDAY, "14:00", "18:00"),
        (SATURDAY, "09:00", "13:00"),
    ]
    write = AuditEvent.objects.get(action=Action.UPDATE)
    assert (write.target, write.clinic_id) == (
        f"shifts of user {practitioner.id}: 3 spans",
        riverside.id,
    )


def test_saving_replaces_the_whole_week(clinic_admin, practitioner, riverside, shift):
    shifts_post(client_for(clinic_admin), riverside, practitioner, [row(TUESDAY, "10:00", "16:00")])

    assert shifts_of(practitioner) == [(TUESDAY, "10:00", "16:00")]


def test_a_shift_outside_opening_hours_is_refused_beside_its_row_with_the_hours(
    clinic_admin, practitioner, riverside, opening_hours
):
    response = shifts_post(
        client_for(clinic_admin),
        riverside,
        practitioner,
        [row(MONDAY, "09:00", "12:00"), row(SATURDAY, "09:00", "15:00")],
    )

    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert not forms[0].errors
    [message] = forms[1].errors["ends"]
    assert message == "Outside opening hours: on Saturday the clinic is open 09:00–13:00."
    assert message in response.content.decode()
    assert not Shift.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.UPDATE).exists()


def test_a_shift_starting_before_the_clinic_opens_is_flagged_on_its_start(
    clinic_admin, practitioner, riverside, opening_hours
):
    response = shifts_post(
        client_for(clinic_admin), riverside, practitioner, [row(TUESDAY, "08:00", "12:00")]
    )

    assert "Outside opening hours" in response.context["formset"].forms[0].errors["starts"][0]


def test_a_shift_on_a_day_the_clinic_is_closed_is_refused(
    clinic_admin, practitioner, riverside, opening_hours
):
    response = shifts_post(
        client_for(clinic_admin), riverside, practitioner, [row(SUNDAY, "10:00", "12:00")]
    )

    assert response.context["formset"].forms[0].errors["weekday"] == [
        "The clinic is closed on Sundays."
    ]


def test_overlapping_shifts_of_one_day_are_refused_on_the_later_row(
    clinic_admin, practitioner, riverside, opening_hours
):
    response = shifts_post(
        client_for(clinic_admin),
        riverside,
        practitioner,
        [row(MONDAY, "09:00", "13:00"), row(MONDAY, "12:00", "17:00")],
    )

    forms = response.context["formset"].forms
    assert not forms[0].errors
    assert "Overlaps 09:00–13:00 on Monday" in forms[1].errors["starts"][0]
    assert not Shift.objects.exists()


def test_a_shift_that_ends_before_it_starts_is_refused(
    clinic_admin, practitioner, riverside, opening_hours
):
    response = shifts_post(
        client_for(clinic_admin), riverside, practitioner, [row(MONDAY, "17:00", "09:00")]
    )

    assert response.context["formset"].forms[0].errors["ends"] == [
        "A shift must end after it starts."
    ]


def test_blank_rows_are_ignored_and_removed_rows_dropped(
    clinic_admin, practitioner, riverside, shift
):
    response = shifts_post(
        client_for(clinic_admin),
        riverside,
        practitioner,
        [
            row(MONDAY, "09:00", "17:00", remove="on"),
            row(TUESDAY, "09:00", "12:00"),
            {"weekday": "", "starts": "", "ends": ""},
        ],
        initial=1,
    )

    assert response.status_code == 302
    assert shifts_of(practitioner) == [(TUESDAY, "09:00", "12:00")]


def test_the_shifts_page_shows_the_saved_spans_and_the_clinics_hours(
    clinic_admin, practitioner, riverside, shift
):
    response = client_for(clinic_admin).get(f"/rota/{riverside.id}/shifts/{practitioner.id}/")

    content = response.content.decode()
    assert 'value="09:00"' in content
    assert 'value="17:00"' in content
    assert "Monday 09:00–18:00" in content
    read = AuditEvent.objects.get(action=Action.READ)
    assert (read.target, read.clinic_id) == (f"shifts of user {practitioner.id}", riverside.id)


def test_an_admin_may_hold_shifts_but_front_desk_may_not(
    clinic_admin, front_desk, riverside, opening_hours
):
    spans = [ShiftSpan(MONDAY, time(9), time(12))]

    shifts_set(
        actor=actor(clinic_admin),
        clinic_id=riverside.id,
        practitioner_id=clinic_admin.id,
        spans=spans,
    )
    response = client_for(clinic_admin).get(f"/rota/{riverside.id}/shifts/{front_desk.id}/")

    assert shifts_of(clinic_admin) == [(MONDAY, "09:00", "12:00")]
    assert response.status_code == 404


def test_someone_whose_role_here_ended_has_no_shifts_page(
    clinic_admin, practitioner, riverside, opening_hours
):
    practitioner.memberships.update(active=False)

    response = client_for(clinic_admin).get(f"/rota/{riverside.id}/shifts/{practitioner.id}/")

    assert response.status_code == 404


def test_a_practitioner_of_another_clinic_cannot_be_given_shifts_here(
    clinic_admin, outsider, riverside, opening_hours
):
    response = shifts_post(
        client_for(clinic_admin), riverside, outsider, [row(MONDAY, "09:00", "12:00")]
    )

    assert response.status_code == 404
    assert not Shift.objects.exists()


def test_touching_opening_spans_make_one_stretch_a_shift_may_cross():
    opening = {MONDAY: [(time(12), time(17)), (time(9), time(12))]}

    assert shift_problems([ShiftSpan(MONDAY, time(9), time(17))], opening) == []


def test_a_shift_across_the_lunch_closure_names_both_opening_spans():
    opening = {MONDAY: [(time(9), time(12, 30)), (time(14), time(18))]}

    [problem] = shift_problems([ShiftSpan(MONDAY, time(11), time(15))], opening)

    assert (problem.index, problem.field) == (0, "ends")
    assert problem.message.endswith("open 09:00–12:30 and 14:00–18:00.")


def test_the_service_refuses_with_every_problem_keyed_by_row(
    clinic_admin, practitioner, riverside, opening_hours
):
    spans = [
        ShiftSpan(MONDAY, time(9), time(12)),
        ShiftSpan(MONDAY, time(11), time(13)),
        ShiftSpan(SUNDAY, time(9), time(10)),
    ]

    with pytest.raises(ShiftsError) as refused:
        shifts_set(
            actor=actor(clinic_admin),
            clinic_id=riverside.id,
            practitioner_id=practitioner.id,
            spans=spans,
        )

    assert set(refused.value.by_field()) == {"spans.1.starts", "spans.2.weekday"}


def test_with_no_opening_hours_no_shift_can_be_saved(clinic_admin, practitioner, riverside):
    OpeningHours.objects.filter(clinic=riverside).delete()

    response = shifts_post(
        client_for(clinic_admin), riverside, practitioner, [row(MONDAY, "09:00", "12:00")]
    )

    assert "The clinic is closed on Mondays." in response.content.decode()


def test_an_admin_with_no_shifts_is_listed_for_admins_only(
    clinic_admin, front_desk, practitioner, riverside, shift
):
    for_admin = client_for(clinic_admin).get(f"/rota/{riverside.id}/").context["rota"]
    for_front_desk = client_for(front_desk).get(f"/rota/{riverside.id}/").context["rota"]

    assert {row.member for row in for_admin.rows} == {clinic_admin, practitioner}
    assert [row.member for row in for_front_desk.rows] == [practitioner]
    assert for_front_desk.rows[0].cells[MONDAY] == ((time(9), time(17)),)


def test_shifts_the_hours_no_longer_hold_are_flagged_on_the_rota(
    clinic_admin, practitioner, riverside, shift
):
    # The clinic now opens at 10 on Mondays: the practitioner's 9-to-5 shift predates it.
    OpeningHours.objects.filter(clinic=riverside, weekday=MONDAY).update(opens=time(10))

    page = client_for(clinic_admin).get(f"/rota/{riverside.id}/").content.decode()

    assert "shifts no longer fit the opening hours" in page
    assert (
        "Monday 09:00–17:00: Outside opening hours: on Monday the clinic is open 10:00–18:00."
        in page
    )


def test_shifts_inside_the_hours_raise_no_flag(clinic_admin, riverside, shift):
    page = client_for(clinic_admin).get(f"/rota/{riverside.id}/").content.decode()

    assert "no longer fit the opening hours" not in page
