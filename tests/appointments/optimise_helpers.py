"""A third Riverside course, admins on both sides of the clinic line, and a proposal for
the fixture courses, for the optimiser's tests."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from mesoclinic.appointments.optimiser import batch
from mesoclinic.appointments.optimiser.batch import Proposal, batch_propose
from mesoclinic.appointments.services import Slot, sessions_to_book
from mesoclinic.clinics.models import Role
from mesoclinic.patients.models import Patient
from tests.appointments.conftest import next_week
from tests.conftest import actor, make_staff
from tests.courses.conftest import assess, plan
from tests.screening.conftest import screen, sign_consent

WEEKS = 16  # every session of the fixture courses falls in these weeks
SECONDS = 1


def propose(admin, clinic, today: date, **options) -> Proposal:
    return batch_propose(
        actor=actor(admin),
        clinic_id=clinic.id,
        first_day=today + timedelta(days=1),
        weeks=options.pop("weeks", WEEKS),
        time_limit=options.pop("time_limit", SECONDS),
        **options,
    )


def a_day_off_ideal(course, practitioner, room, at: time = time(15)) -> list[Slot]:
    """Every session still to book, a weekday next to its ideal date: inside the window,
    so bookable, but not where the optimiser would put it."""
    slots = []
    for number, ideal in sessions_to_book(course):
        shift = 1 if (ideal + timedelta(days=1)).weekday() < 5 else -1
        day = ideal + timedelta(days=shift)
        slots.append(Slot(number, practitioner.id, room.id, datetime.combine(day, at), ideal))
    return slots


@pytest.fixture
def hillcrest_admin(hillcrest):
    return make_staff("hillcrest.admin", hillcrest, Role.ADMIN)


@pytest.fixture
def third_course(bookable, practitioner, today):
    """A course planned after the proposal was made: the patient the desk books meanwhile."""
    other = Patient.objects.create(
        clinic=bookable,
        given_name="Emmy",
        family_name="Noether",
        date_of_birth=date(1982, 3, 23),
        created_by=practitioner,
    )
    screen(other, practitioner)
    sign_consent(other, practitioner, template_version=1)
    assess(other, practitioner, 2, (2, 2, 1, 1), on=today - timedelta(days=3))
    # The same Wednesday as the other courses: booked around their slots, its sessions stay
    # within the tolerance of its own ideal dates whatever day the tests run.
    return plan(other, practitioner, starts_on=next_week(today))


@pytest.fixture
def night_shift(monkeypatch):
    """The real optimiser with a fault put in its answer: its first session starts at
    three in the night, which the independent checker must catch."""
    real = batch.optimise

    def faulty(*args, **kwargs):
        result = real(*args, **kwargs)
        first, *rest = result.schedule.placed
        night = first.start.replace(hour=3, minute=0)
        wrong = replace(first, start=night, end=night + (first.end - first.start))
        return replace(result, schedule=replace(result.schedule, placed=(wrong, *rest)))

    monkeypatch.setattr(batch, "optimise", faulty)
