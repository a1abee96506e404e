"""The schedule pages: a clinic's day (rooms by hour) and week, for the whole clinic or
one practitioner. Front desk, practitioners and admins of the clinic; anyone else 404."""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from mesoclinic.access import Capability, access_clinics
from mesoclinic.appointments.calendar import practitioner_ids
from mesoclinic.appointments.presenters import day_grid, entries, monday_of, week_columns
from mesoclinic.appointments.selectors import clinic_schedule
from mesoclinic.audit.actor import actor_from
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic, Room
from mesoclinic.domain.plausible import date_problem


def _practitioners(clinic: Clinic) -> list[User]:
    return list(User.objects.filter(id__in=practitioner_ids(clinic)).order_by("last_name", "id"))


def _chosen(request: HttpRequest) -> int | None:
    value = request.GET.get("practitioner", "")
    return int(value) if value.isdigit() else None


def _day(value: str) -> date:
    """A day the schedule can show: like 2026-02-30, year 0001 or 9999 is no such day (and
    its neighbours, linked from the page, would not exist)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise Http404("No such day.") from None
    if date_problem(day) is not None:
        raise Http404("No such day.")
    return day


@require_GET
def schedule_home(request: HttpRequest) -> HttpResponse:
    """Today at the first clinic whose schedule the user may see."""
    clinic = access_clinics(actor_from(request), Capability.DEMOGRAPHICS).order_by("name").first()
    if clinic is None:
        return render(request, "appointments/no_schedule.html", status=404)
    return redirect("appointments:day", clinic_id=clinic.id, day=clinic_today(clinic).isoformat())


def _context(request: HttpRequest, clinic: Clinic, view: str, day: date) -> dict[str, object]:
    step = timedelta(days=1 if view == "day" else 7)
    return {
        "clinic": clinic,
        "view": view,
        "day": day,
        "previous": (day - step).isoformat(),
        "next": (day + step).isoformat(),
        "today": clinic_today(clinic).isoformat(),
        "practitioners": _practitioners(clinic),
        "chosen": _chosen(request),
        "clinics": access_clinics(actor_from(request), Capability.DEMOGRAPHICS).order_by("name"),
    }


@require_GET
def schedule_day(request: HttpRequest, clinic_id: int, day: str) -> HttpResponse:
    on = _day(day)
    view = clinic_schedule(actor_from(request), clinic_id, on, on, practitioner_id=_chosen(request))
    clinic = view.clinic
    rooms = list(Room.objects.filter(clinic=clinic, active=True).order_by("name"))
    found = entries(view.appointments, clinic)
    context = _context(request, clinic, "day", on) | {
        "rooms": rooms,
        "grid": day_grid(clinic, on, found, rooms),
        "count": sum(1 for e in found if e.live),
    }
    return render(request, "appointments/day.html", context)


@require_GET
def schedule_week(request: HttpRequest, clinic_id: int, day: str) -> HttpResponse:
    first = monday_of(_day(day))
    view = clinic_schedule(
        actor_from(request),
        clinic_id,
        first,
        first + timedelta(days=6),
        practitioner_id=_chosen(request),
    )
    found = entries(view.appointments, view.clinic)
    context = _context(request, view.clinic, "week", first) | {
        "columns": week_columns(first, found),
        "count": sum(1 for e in found if e.live),
    }
    return render(request, "appointments/week.html", context)
