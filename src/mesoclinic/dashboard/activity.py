"""A clinic's week and its record of care: courses running, sessions booked, how full
rooms and diaries are, adverse events per charted session, how courses ended, and how many
sessions each grade took against the clinic's own protocol.

Each figure is one or two aggregate queries over the clinic's rows. No access checks:
the caller has made them.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet

from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.appointments.models import HOLDING, Appointment
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.clinics.models import Clinic, Closure, OpeningHours
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.dashboard.cells import mean_cell, rate_cell, share_cell
from mesoclinic.domain.protocol_model import Protocol
from mesoclinic.domain.statistics import reported_mean, reported_share
from mesoclinic.domain.utilisation import Spans, intersect, open_minutes, percent, week_of
from mesoclinic.patients.models import RecordStatus
from mesoclinic.rota.members import by_weekday
from mesoclinic.rota.selectors import clinic_rota

RECENT_DAYS = 90  # adverse events: the last quarter shows a change sooner than all time
ACTIVE = RecordStatus.ACTIVE


def _courses(clinic: Clinic, **lookup: Any) -> QuerySet[Course]:
    """Courses that count: active records of patients whose record stands."""
    return Course.objects.filter(clinic=clinic, status=ACTIVE, patient__status=ACTIVE, **lookup)


def _days(first: date, last: date) -> frozenset[date]:
    return frozenset(first + timedelta(days=n) for n in range((last - first).days + 1))


def _closed_days(clinic: Clinic, monday: date, sunday: date) -> frozenset[date]:
    shut: set[date] = set()
    for closure in Closure.objects.filter(
        clinic=clinic, first_day__lte=sunday, last_day__gte=monday
    ):
        shut |= _days(max(closure.first_day, monday), min(closure.last_day, sunday))
    return frozenset(shut)


def _bar(name: str, booked: int, available: int) -> dict[str, Any]:
    return {
        "name": name,
        "booked_minutes": booked,
        "open_minutes": available,
        "percent": percent(booked, available),
    }


Booking = tuple[int, int, datetime, datetime]  # room, practitioner, start, end


def _bookings(clinic: Clinic, monday: date, sunday: date) -> list[Booking]:
    """The week's appointments that hold a room and a practitioner (the clinic's days)."""
    zone = ZoneInfo(clinic.time_zone)
    return list(
        Appointment.objects.filter(
            clinic=clinic,
            status__in=HOLDING,
            starts_at__gte=datetime.combine(monday, time(0), zone),
            starts_at__lt=datetime.combine(sunday + timedelta(days=1), time(0), zone),
        ).values_list("room_id", "practitioner_id", "starts_at", "ends_at")
    )


def utilisation(
    clinic: Clinic, monday: date, sunday: date, bookings: list[Booking]
) -> dict[str, Any]:
    """Booked minutes against open minutes, Monday to Sunday, per room and practitioner."""
    opening: dict[int, Spans] = by_weekday(
        (h.weekday, h.opens, h.closes) for h in OpeningHours.objects.filter(clinic=clinic)
    )
    shut = _closed_days(clinic, monday, sunday)
    rota = clinic_rota(clinic, monday, sunday)
    booked_room: dict[int, int] = defaultdict(int)
    booked_person: dict[int, int] = defaultdict(int)
    for room_id, person_id, starts, ends in bookings:
        minutes = int((ends - starts).total_seconds() // 60)
        booked_room[room_id] += minutes
        booked_person[person_id] += minutes
    rooms = [
        _bar(
            room.name,
            booked_room[room_id],
            open_minutes(opening, monday, sunday, shut | room.closed_days),
        )
        for room_id, room in sorted(rota.rooms.items(), key=lambda item: item[1].name)
    ]
    # A practitioner is available during her shifts inside the clinic's opening hours.
    people = [
        _bar(
            person.name,
            booked_person[person_id],
            open_minutes(
                {
                    day: intersect(spans, opening.get(day, ()))
                    for day, spans in person.shifts.items()
                },
                monday,
                sunday,
                shut | person.days_off,
            ),
        )
        for person_id, person in sorted(rota.practitioners.items(), key=lambda i: i[1].name)
    ]
    return {"rooms": rooms, "practitioners": people}


def this_week(clinic: Clinic, today: date) -> dict[str, Any]:
    monday, sunday = week_of(today)
    bookings = _bookings(clinic, monday, sunday)
    return {
        "first_day": monday.isoformat(),
        "last_day": sunday.isoformat(),
        "sessions_booked": len(bookings),
        "active_courses": _courses(clinic, state=CourseState.ACTIVE).count(),
        "utilisation": utilisation(clinic, monday, sunday, bookings),
    }


def adverse_event_rates(clinic: Clinic, today: date, min_count: int) -> dict[str, Any]:
    since = today - timedelta(days=RECENT_DAYS)
    sessions = TreatmentSession.objects.filter(
        clinic=clinic, status=ACTIVE, patient__status=ACTIVE
    ).aggregate(all_time=Count("id"), recent=Count("id", filter=Q(performed_on__gt=since)))
    by_type = (
        AdverseEvent.objects.filter(clinic=clinic, status=ACTIVE, patient__status=ACTIVE)
        .values("event_type", "type_label")
        .annotate(all_time=Count("id"), recent=Count("id", filter=Q(onset_on__gt=since)))
        .order_by("type_label")
    )
    return {
        "recent_days": RECENT_DAYS,
        "sessions": sessions if sessions["all_time"] >= min_count else None,
        "rows": [
            {
                "type": row["event_type"],
                "label": row["type_label"],
                "recent": rate_cell(row["recent"], sessions["recent"], min_count),
                "all_time": rate_cell(row["all_time"], sessions["all_time"], min_count),
            }
            for row in by_type
        ],
    }


def course_endings(clinic: Clinic, min_count: int) -> dict[str, Any]:
    ended = _courses(clinic, state__in=(CourseState.COMPLETED, CourseState.STOPPED)).aggregate(
        n=Count("id"),
        completed=Count("id", filter=Q(state=CourseState.COMPLETED)),
        stopped=Count("id", filter=Q(state=CourseState.STOPPED)),
    )
    n = ended["n"]
    return {
        "completed": share_cell(reported_share(ended["completed"], n, min_count)),
        "stopped": share_cell(reported_share(ended["stopped"], n, min_count)),
    }


def _grade_range(protocol: Protocol, grade: int) -> tuple[int, int | None] | None:
    """The sessions the protocol allows a grade, over all its CSS bands."""
    rule = protocol.grades.get(grade)
    if rule is None:
        return None
    ranges = [rule.sessions, *rule.sessions_by_css_band.values()]
    highs = [r.high for r in ranges]
    return (
        min(r.low for r in ranges),
        None if any(h is None for h in highs) else max(h for h in highs if h is not None),
    )


def sessions_by_grade(clinic: Clinic, protocol: Protocol, min_count: int) -> list[dict[str, Any]]:
    done: dict[int, list[float]] = defaultdict(list)
    for grade, sessions in _courses(clinic, state=CourseState.COMPLETED).values_list(
        "nm_grade", "sessions_done_total"
    ):
        done[grade].append(float(sessions))
    rows = []
    for grade in sorted(set(done) | set(protocol.grades)):
        cell = mean_cell(reported_mean(done[grade], min_count))
        allowed = _grade_range(protocol, grade)
        departs = None
        if allowed is not None and not cell["too_few"]:
            low, high = allowed
            departs = cell["mean"] < low or (high is not None and cell["mean"] > high)
        rows.append(
            {
                "grade": grade,
                "range_low": allowed[0] if allowed else None,
                "range_high": allowed[1] if allowed else None,
                "sessions": cell,
                "departs": departs,
            }
        )
    return rows
