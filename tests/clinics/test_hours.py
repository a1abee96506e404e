"""Opening hours per weekday: several spans a day, each opening before it closes, none
overlapping another of the same day."""

from datetime import time

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.models import OpeningHours
from mesoclinic.clinics.services import Span, opening_hours_problems
from tests.conftest import client_for

MONDAY, TUESDAY = 0, 1


def hours_post(client, clinic, rows, initial=0):
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"form-{index}-{field}"] = value
    return client.post(f"/clinic/{clinic.id}/hours/", data)


def row(weekday, opens, closes, **extra):
    return {"weekday": str(weekday), "opens": opens, "closes": closes, **extra}


def spans_of(clinic):
    return [
        (h.weekday, h.opens.strftime("%H:%M"), h.closes.strftime("%H:%M"))
        for h in OpeningHours.objects.filter(clinic=clinic)
    ]


def test_a_day_can_have_a_morning_and_an_afternoon_span(clinic_admin, riverside):
    response = hours_post(
        client_for(clinic_admin),
        riverside,
        [
            row(MONDAY, "09:00", "12:30"),
            row(MONDAY, "14:00", "18:00"),
            row(TUESDAY, "10:00", "16:00"),
        ],
    )

    assert response.status_code == 302
    assert spans_of(riverside) == [
        (MONDAY, "09:00", "12:30"),
        (MONDAY, "14:00", "18:00"),
        (TUESDAY, "10:00", "16:00"),
    ]
    assert AuditEvent.objects.get(action=Action.UPDATE).target == "opening hours: 3 spans"


def test_overlapping_spans_of_one_day_are_refused_with_a_message_on_the_later_span(
    clinic_admin, riverside
):
    response = hours_post(
        client_for(clinic_admin),
        riverside,
        [row(MONDAY, "09:00", "13:00"), row(MONDAY, "12:00", "18:00")],
    )

    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert not forms[0].errors
    assert "Overlaps 09:00–13:00 on Monday" in forms[1].errors["opens"][0]
    assert "Overlaps 09:00–13:00 on Monday" in response.content.decode()
    assert not OpeningHours.objects.exists()


def test_the_same_times_on_different_days_do_not_overlap(clinic_admin, riverside):
    response = hours_post(
        client_for(clinic_admin),
        riverside,
        [row(MONDAY, "09:00", "17:00"), row(TUESDAY, "09:00", "17:00")],
    )

    assert response.status_code == 302


def test_a_span_that_closes_before_it_opens_is_refused(clinic_admin, riverside):
    response = hours_post(client_for(clinic_admin), riverside, [row(MONDAY, "17:00", "09:00")])

    assert response.status_code == 200
    assert "closes" in response.context["formset"].forms[0].errors
    assert not OpeningHours.objects.exists()


def test_a_row_with_only_a_day_asks_for_its_times(clinic_admin, riverside):
    response = hours_post(client_for(clinic_admin), riverside, [row(MONDAY, "", "")])

    errors = response.context["formset"].forms[0].errors
    assert "opens" in errors
    assert "closes" in errors


def test_blank_rows_are_ignored_and_removed_rows_dropped(clinic_admin, riverside):
    OpeningHours.objects.create(clinic=riverside, weekday=MONDAY, opens=time(8), closes=time(9))
    response = hours_post(
        client_for(clinic_admin),
        riverside,
        [
            row(MONDAY, "08:00", "09:00", remove="on"),
            row(TUESDAY, "09:00", "12:00"),
            {"weekday": "", "opens": "", "closes": ""},
        ],
        initial=1,
    )

    assert response.status_code == 302
    assert spans_of(riverside) == [(TUESDAY, "09:00", "12:00")]


def test_the_hours_page_shows_the_saved_spans(clinic_admin, riverside):
    OpeningHours.objects.create(clinic=riverside, weekday=MONDAY, opens=time(9), closes=time(17))

    response = client_for(clinic_admin).get(f"/clinic/{riverside.id}/hours/")

    assert response.status_code == 200
    assert b'value="09:00"' in response.content
    assert b'value="17:00"' in response.content
    read = AuditEvent.objects.get(action=Action.READ)
    assert (read.target, read.clinic_id) == ("opening hours", riverside.id)


def test_touching_spans_do_not_overlap():
    spans = [Span(MONDAY, time(9), time(12)), Span(MONDAY, time(12), time(17))]
    assert opening_hours_problems(spans) == []


def test_a_span_inside_another_overlaps_and_names_the_span_it_overlaps():
    spans = [Span(MONDAY, time(9), time(18)), Span(MONDAY, time(10), time(11))]
    [problem] = opening_hours_problems(spans)
    assert (problem.index, problem.field) == (1, "opens")
    assert "09:00–18:00" in problem.message


def test_the_same_span_twice_overlaps():
    spans = [Span(TUESDAY, time(9), time(12)), Span(TUESDAY, time(9), time(12))]
    assert len(opening_hours_problems(spans)) == 1
