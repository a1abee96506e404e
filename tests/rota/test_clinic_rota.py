"""`clinic_rota`: the plain data the booking search reads, in a fixed number of queries
whatever the size of the staff."""

from datetime import date, time, timedelta

from django.utils import timezone

from mesoclinic.clinics.models import Role, Room
from mesoclinic.rota.models import Absence, AbsenceKind, RoomClosure, Shift
from mesoclinic.rota.selectors import clinic_rota
from tests.conftest import make_staff
from tests.rota.conftest import MONDAY, TUESDAY

FIRST, LAST = date(2031, 3, 1), date(2031, 3, 31)


def give_shift(clinic, person, weekday=MONDAY, starts=time(9), ends=time(17)):
    return Shift.objects.create(
        clinic=clinic, practitioner=person, weekday=weekday, starts=starts, ends=ends
    )


def away(clinic, person, first, last, recorded_by, **extra):
    return Absence.objects.create(
        clinic=clinic,
        practitioner=person,
        first_day=first,
        last_day=last,
        kind=AbsenceKind.LEAVE,
        recorded_by=recorded_by,
        **extra,
    )


def test_shifts_are_grouped_by_weekday_earliest_first(riverside, practitioner):
    give_shift(riverside, practitioner, MONDAY, time(14), time(18))
    give_shift(riverside, practitioner, MONDAY, time(9), time(12))
    give_shift(riverside, practitioner, TUESDAY)

    rota = clinic_rota(riverside, FIRST, LAST)

    mine = rota.practitioners[practitioner.id]
    assert mine.shifts == {
        MONDAY: ((time(9), time(12)), (time(14), time(18))),
        TUESDAY: ((time(9), time(17)),),
    }
    assert mine.name == practitioner.get_username()


def test_days_off_come_from_absences_not_cancelled_and_stay_inside_the_range(
    riverside, practitioner, clinic_admin
):
    give_shift(riverside, practitioner)
    away(riverside, practitioner, date(2031, 2, 27), date(2031, 3, 2), clinic_admin)
    away(
        riverside,
        practitioner,
        date(2031, 3, 10),
        date(2031, 3, 10),
        clinic_admin,
        cancelled_at=timezone.now(),
    )
    away(riverside, practitioner, date(2031, 3, 31), date(2031, 4, 4), clinic_admin)

    days_off = clinic_rota(riverside, FIRST, LAST).practitioners[practitioner.id].days_off

    assert days_off == {date(2031, 3, 1), date(2031, 3, 2), date(2031, 3, 31)}


def test_rooms_carry_their_closed_days_and_rooms_out_of_use_are_left_out(riverside):
    room = Room.objects.get(clinic=riverside, name="Room 1")
    Room.objects.create(clinic=riverside, name="Old room", active=False)
    RoomClosure.objects.create(
        room=room, first_day=date(2031, 3, 4), last_day=date(2031, 3, 5), reason="Repairs"
    )

    rooms = clinic_rota(riverside, FIRST, LAST).rooms

    assert list(rooms) == [room.id]
    assert rooms[room.id].closed_days == {date(2031, 3, 4), date(2031, 3, 5)}


def test_only_people_still_on_the_rota_with_a_shift_here_are_listed(
    riverside, hillcrest, practitioner, colleague, outsider, clinic_admin
):
    give_shift(riverside, practitioner)
    give_shift(riverside, colleague)
    give_shift(hillcrest, outsider)
    colleague.memberships.update(active=False)

    assert list(clinic_rota(riverside, FIRST, LAST).practitioners) == [practitioner.id]


def test_the_rota_takes_the_same_few_queries_for_two_or_twenty_practitioners(
    riverside, clinic_admin, django_assert_num_queries
):
    def staff(count: int, start: int) -> None:
        for n in range(start, start + count):
            person = make_staff(f"p{n}", riverside, Role.PRACTITIONER)
            give_shift(riverside, person)
            away(riverside, person, FIRST, FIRST + timedelta(days=2), clinic_admin)
            Room.objects.create(clinic=riverside, name=f"Room {n + 10}")

    staff(2, 0)
    with django_assert_num_queries(4):
        clinic_rota(riverside, FIRST, LAST)
    staff(18, 2)
    with django_assert_num_queries(4):
        rota = clinic_rota(riverside, FIRST, LAST)
    assert len(rota.practitioners) == 20
