"""The demo rota: every demo practitioner has a weekly pattern inside opening hours, with a
leave and a room closure ahead, the same on every load."""

from datetime import date

from django.contrib.auth.models import User

from mesoclinic.clinics.models import OpeningHours, Role
from mesoclinic.demo.organisation import create_organisation
from mesoclinic.rota.models import Absence, RoomClosure, Shift
from mesoclinic.rota.services import ShiftSpan, shift_problems

TODAY = date(2030, 5, 15)


def test_every_demo_practitioner_works_a_week_inside_opening_hours(db):
    clinics = create_organisation(TODAY)

    for clinic in clinics.values():
        opening: dict[int, list] = {}
        for hours in OpeningHours.objects.filter(clinic=clinic):
            opening.setdefault(hours.weekday, []).append((hours.opens, hours.closes))
        practitioners = User.objects.filter(
            memberships__clinic=clinic, memberships__role=Role.PRACTITIONER
        )
        for person in practitioners:
            spans = [
                ShiftSpan(s.weekday, s.starts, s.ends)
                for s in Shift.objects.filter(clinic=clinic, practitioner=person)
            ]
            assert spans, person.username
            assert shift_problems(spans, opening) == []
    weekdays_worked = {
        username: Shift.objects.filter(practitioner__username=username).count()
        for username in ("riverside.practitioner", "riverside.practitioner2")
    }
    assert weekdays_worked == {"riverside.practitioner": 5, "riverside.practitioner2": 3}


def test_the_demo_has_a_leave_and_a_room_closure_ahead(db):
    create_organisation(TODAY)

    leave = Absence.objects.get()
    assert (leave.kind, leave.first_day > TODAY, leave.first_day.weekday()) == ("leave", True, 0)
    assert RoomClosure.objects.get().first_day > TODAY
