"""Reads of the rota: the pages' view of a clinic's week (access-checked and audited), and
`clinic_rota`, the plain data the booking search is built from.

Whoever works at a clinic sees its rota; the kind of a colleague's absence (sickness is
health data) is shown only to those who manage absences and to the person herself.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import models, transaction

from mesoclinic.access import Capability, access_clinic, access_clinics
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic, OpeningHours, Role, Room
from mesoclinic.clinics.services import WEEKDAY_NAMES
from mesoclinic.domain.errors import DomainError
from mesoclinic.rota.members import (
    TimeSpans,
    by_weekday,
    display_name,
    rota_member_or_404,
    rota_memberships,
    rota_role,
)
from mesoclinic.rota.models import Absence, RoomClosure, Shift
from mesoclinic.rota.services import ShiftSpan, shift_problems

# Enough for a year's planning; a longer range is refused rather than answered slowly.
MAX_RANGE_DAYS = 366
MANAGE_ABSENCES = (Role.ADMIN, Role.FRONT_DESK)
WEEKDAYS = OpeningHours.WEEKDAYS


def rota_clinics(actor: Actor) -> models.QuerySet[Clinic]:
    """The clinics whose rota this actor sees (by name, for a chooser)."""
    return access_clinics(actor, Capability.DEMOGRAPHICS).order_by("name")


def _weekly(shifts: Iterable[Shift]) -> dict[int, TimeSpans]:
    return by_weekday((shift.weekday, shift.starts, shift.ends) for shift in shifts)


def _weekly_hours(hours: Iterable[OpeningHours]) -> dict[int, TimeSpans]:
    return by_weekday((span.weekday, span.opens, span.closes) for span in hours)


def _days(first: date, last: date, within_first: date, within_last: date) -> set[date]:
    start, end = max(first, within_first), min(last, within_last)
    return {start + timedelta(days=n) for n in range((end - start).days + 1)}


# For the booking search ------------------------------------------------------------------


@dataclass(frozen=True)
class PractitionerRota:
    practitioner_id: int
    name: str
    shifts: dict[int, TimeSpans]  # weekday (0 is Monday) to spans, earliest first
    days_off: frozenset[date]  # non-cancelled absences, within the asked range


@dataclass(frozen=True)
class RoomRota:
    room_id: int
    name: str
    closed_days: frozenset[date]  # within the asked range


@dataclass(frozen=True)
class ClinicRota:
    clinic_id: int
    first_day: date
    last_day: date
    practitioners: dict[int, PractitionerRota]  # those with at least one shift here
    rooms: dict[int, RoomRota]  # rooms in use


def clinic_rota(clinic: Clinic, first_day: date, last_day: date) -> ClinicRota:
    """Shifts, days off and room closures from `first_day` to `last_day` (inclusive), in
    four queries whatever the size of the staff. The caller checks access."""
    shifts: dict[int, list[Shift]] = defaultdict(list)
    for shift in Shift.objects.filter(
        clinic=clinic, practitioner_id__in=rota_memberships(clinic).values("user_id")
    ).select_related("practitioner"):
        shifts[shift.practitioner_id].append(shift)
    days_off: dict[int, set[date]] = defaultdict(set)
    for absence in Absence.objects.filter(
        clinic=clinic,
        practitioner_id__in=list(shifts),
        cancelled_at__isnull=True,
        first_day__lte=last_day,
        last_day__gte=first_day,
    ):
        days_off[absence.practitioner_id] |= _days(
            absence.first_day, absence.last_day, first_day, last_day
        )
    rooms = {room.pk: room for room in Room.objects.filter(clinic=clinic, active=True)}
    closed: dict[int, set[date]] = defaultdict(set)
    for closure in RoomClosure.objects.filter(
        room_id__in=list(rooms), first_day__lte=last_day, last_day__gte=first_day
    ):
        closed[closure.room_id] |= _days(closure.first_day, closure.last_day, first_day, last_day)
    return ClinicRota(
        clinic_id=clinic.id,
        first_day=first_day,
        last_day=last_day,
        practitioners={
            user_id: PractitionerRota(
                practitioner_id=user_id,
                name=display_name(user_shifts[0].practitioner),
                shifts=_weekly(user_shifts),
                days_off=frozenset(days_off[user_id]),
            )
            for user_id, user_shifts in shifts.items()
        },
        rooms={
            room_id: RoomRota(
                room_id=room_id, name=room.name, closed_days=frozenset(closed[room_id])
            )
            for room_id, room in rooms.items()
        },
    )


# For the pages and the API --------------------------------------------------------------


@dataclass(frozen=True)
class RotaRow:
    member: User
    name: str
    is_admin: bool
    cells: list[TimeSpans]  # one per shown weekday
    # Shifts the clinic's opening hours no longer hold (the hours changed after they were
    # set): the booking search uses only the part inside the hours.
    outside_hours: list[str]


@dataclass(frozen=True)
class AbsenceRow:
    absence: Absence
    name: str
    kind_visible: bool  # to those who manage absences, and to the person herself
    may_cancel: bool

    @property
    def kind(self) -> str:
        return self.absence.get_kind_display() if self.kind_visible else "Away"


@dataclass(frozen=True)
class RotaPage:
    clinic: Clinic
    may_set_up: bool  # shifts and room closures
    may_record_absences_for_others: bool
    weekdays: list[tuple[int, str]]  # days the clinic opens or anyone works
    opening: list[tuple[str, TimeSpans]]  # (weekday's name, spans), one per shown weekday
    rows: list[RotaRow]
    absences: list[AbsenceRow]  # not cancelled, not over
    room_closures: list[RoomClosure]  # not over, with their room


def access_rota(actor: Actor, clinic_id: int) -> RotaPage:
    """The clinic's week: who works when, absences and room closures to come."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.DEMOGRAPHICS)
        role = rota_role(actor, clinic)
        today = clinic_today(clinic)
        memberships = list(rota_memberships(clinic))
        shifts: dict[int, list[Shift]] = defaultdict(list)
        for shift in Shift.objects.filter(
            clinic=clinic, practitioner_id__in=[m.user_id for m in memberships]
        ):
            shifts[shift.practitioner_id].append(shift)
        opening = _weekly_hours(clinic.opening_hours.all())
        weekly = {m.user_id: _weekly(shifts[m.user_id]) for m in memberships}
        shown = [
            (day, name)
            for day, name in WEEKDAYS
            if day in opening or any(day in week for week in weekly.values())
        ]
        absences = Absence.objects.filter(clinic=clinic, last_day__gte=today)
        page = RotaPage(
            clinic=clinic,
            may_set_up=role == Role.ADMIN,
            may_record_absences_for_others=role in MANAGE_ABSENCES,
            weekdays=shown,
            opening=[(name, opening.get(day, ())) for day, name in shown],
            rows=[
                RotaRow(
                    member=m.user,
                    name=display_name(m.user),
                    is_admin=m.role == Role.ADMIN,
                    cells=[weekly[m.user_id].get(day, ()) for day, _ in shown],
                    outside_hours=_outside_hours(shifts[m.user_id], opening),
                )
                for m in memberships
                # An admin who treats no one is only listed for admins, to give shifts to.
                if m.role != Role.ADMIN or weekly[m.user_id] or role == Role.ADMIN
            ],
            absences=_absence_rows(actor, role, absences),
            room_closures=list(
                RoomClosure.objects.filter(room__clinic=clinic, last_day__gte=today)
                .select_related("room")
                .order_by("first_day", "room__name")
            ),
        )
        audit_record(actor=actor, action=Action.READ, target="rota", clinic_id=clinic.id)
    return page


def _outside_hours(shifts: list[Shift], opening: dict[int, TimeSpans]) -> list[str]:
    spans = [ShiftSpan(s.weekday, s.starts, s.ends) for s in shifts]
    return sorted(
        {
            f"{WEEKDAY_NAMES[spans[p.index].weekday]} {spans[p.index].starts:%H:%M}–"
            f"{spans[p.index].ends:%H:%M}: {p.message}"
            for p in shift_problems(spans, opening)
        }
    )


def _absence_rows(
    actor: Actor, role: str | None, absences: models.QuerySet[Absence]
) -> list[AbsenceRow]:
    """Absences not cancelled, each with its kind only for those who may read it."""
    rows = []
    for absence in absences.filter(cancelled_at__isnull=True).select_related("practitioner"):
        own = absence.practitioner_id == actor.user.pk
        rows.append(
            AbsenceRow(
                absence=absence,
                name=display_name(absence.practitioner),
                kind_visible=role in MANAGE_ABSENCES or own,
                may_cancel=role in MANAGE_ABSENCES or own,
            )
        )
    return rows


@dataclass(frozen=True)
class RotaRange:
    clinic: Clinic
    rota: ClinicRota
    absences: list[AbsenceRow]  # not cancelled, overlapping the range
    room_closures: list[RoomClosure]  # overlapping the range


def access_rota_range(
    actor: Actor, clinic_id: int, first_day: date | None, last_day: date | None
) -> RotaRange:
    """The rota from `first_day` (default: the clinic's today) to `last_day` (default: four
    weeks on), with the absences and room closures that fall in it; the read is audited."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.DEMOGRAPHICS)
        first = first_day or clinic_today(clinic)
        last = last_day or first + timedelta(days=27)
        if last < first:
            raise DomainError("last_day", "The last day cannot be before the first day.")
        if (last - first).days >= MAX_RANGE_DAYS:
            raise DomainError("last_day", f"Ask for at most {MAX_RANGE_DAYS} days at a time.")
        in_range = {"first_day__lte": last, "last_day__gte": first}
        found = RotaRange(
            clinic=clinic,
            rota=clinic_rota(clinic, first, last),
            absences=_absence_rows(
                actor, rota_role(actor, clinic), Absence.objects.filter(clinic=clinic, **in_range)
            ),
            room_closures=list(RoomClosure.objects.filter(room__clinic=clinic, **in_range)),
        )
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"rota {first:%Y-%m-%d} to {last:%Y-%m-%d}",
            clinic_id=clinic.id,
        )
    return found


@dataclass(frozen=True)
class ShiftsPage:
    clinic: Clinic
    member: User
    name: str
    shifts: list[Shift]
    opening: list[tuple[str, TimeSpans]]  # the clinic's hours, as a reminder beside the form


def shifts_page(clinic: Clinic, member: User) -> ShiftsPage:
    """One person's weekly pattern beside the clinic's hours. The caller checks access."""
    hours = _weekly_hours(clinic.opening_hours.all())
    return ShiftsPage(
        clinic=clinic,
        member=member,
        name=display_name(member),
        shifts=list(Shift.objects.filter(clinic=clinic, practitioner=member)),
        opening=[(name, hours[day]) for day, name in WEEKDAYS if day in hours],
    )


def access_shifts(actor: Actor, clinic_id: int, practitioner_id: int) -> ShiftsPage:
    """One person's weekly pattern, for an admin to edit; the read is audited."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        page = shifts_page(clinic, rota_member_or_404(clinic, practitioner_id))
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"shifts of user {page.member.pk}",
            clinic_id=clinic.id,
        )
    return page


def absence_candidates(actor: Actor, clinic_id: int) -> tuple[Clinic, list[User]]:
    """Whose absence this actor may record here: anyone on the rota for admins and front
    desk, herself for a practitioner."""
    clinic = access_clinic(actor, clinic_id, Capability.DEMOGRAPHICS)
    memberships = rota_memberships(clinic)
    if rota_role(actor, clinic) == Role.PRACTITIONER:
        memberships = memberships.filter(user_id=actor.user.pk)
    return clinic, [membership.user for membership in memberships]
