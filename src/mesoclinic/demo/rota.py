"""The demo rota: a weekly pattern for every practitioner inside the clinics' opening hours
(09:00–18:00 on weekdays, 09:00–13:00 on Saturday), one leave and one room closure to come.
Dates count from today, so the demo always has them ahead."""

from datetime import date, time, timedelta

from django.contrib.auth.models import User

from mesoclinic.clinics.models import Clinic
from mesoclinic.rota.models import Absence, AbsenceKind, RoomClosure, Shift

MONDAY_TO_FRIDAY = range(5)
TUESDAY, THURSDAY, SATURDAY = 1, 3, 5
FULL_DAY = (time(9), time(17, 30))
MORNING = (time(9), time(13))

# username: weekday to (starts, ends)
PATTERNS = {
    "riverside.practitioner": dict.fromkeys(MONDAY_TO_FRIDAY, FULL_DAY),
    "riverside.practitioner2": {TUESDAY: FULL_DAY, THURSDAY: FULL_DAY, SATURDAY: MORNING},
    "hillcrest.practitioner": dict.fromkeys(MONDAY_TO_FRIDAY, FULL_DAY),
}


def create_rota(clinics: dict[str, Clinic], today: date) -> None:
    users = {user.username: user for user in User.objects.filter(username__in=PATTERNS)}
    for username, pattern in PATTERNS.items():
        clinic = clinics[username.split(".")[0].capitalize()]
        Shift.objects.bulk_create(
            Shift(clinic=clinic, practitioner=users[username], weekday=day, starts=s, ends=e)
            for day, (s, e) in pattern.items()
        )
    riverside = clinics["Riverside"]
    # A week's leave starting on the Monday three weeks ahead.
    leave_starts = today + timedelta(days=21 - today.weekday())
    Absence.objects.create(
        clinic=riverside,
        practitioner=users["riverside.practitioner"],
        first_day=leave_starts,
        last_day=leave_starts + timedelta(days=4),
        kind=AbsenceKind.LEAVE,
        recorded_by=User.objects.get(username="riverside.admin"),
    )
    closed_on = today + timedelta(days=10)
    RoomClosure.objects.create(
        room=riverside.rooms.get(name="Room 3"),
        first_day=closed_on,
        last_day=closed_on + timedelta(days=1),
        reason="Floor repairs",
    )
