"""A clinic whose calendar the optimiser cannot settle in a second: many weekly courses
starting the same days, two practitioners, two rooms. The killed-worker test works in a
database of its own, through commands run against DATABASE_URL:
`python -m tests.tasks.busy_clinic seed COURSES` prints the clinic's id;
`python -m tests.tasks.busy_clinic start CLINIC SECONDS` starts an optimiser run through the
page's own service, as the clinic's admin, and prints the run's id."""

import os
import sys
from datetime import date, timedelta


def seed(courses: int):
    from mesoclinic.clinics.clock import clinic_today
    from mesoclinic.clinics.models import Chain, Clinic, Role, Room
    from mesoclinic.patients.models import Patient
    from tests.appointments.conftest import next_week, open_weekdays, works_weekdays
    from tests.conftest import make_staff
    from tests.courses.conftest import assess, plan
    from tests.screening.conftest import screen, sign_consent

    chain = Chain.objects.create(name="Busy chain")
    clinic = Clinic.objects.create(chain=chain, name="Busy", time_zone="Europe/London")
    open_weekdays(clinic)
    staff = []
    for number in (1, 2):
        Room.objects.create(clinic=clinic, name=f"Room {number}")
        staff.append(make_staff(f"busy.practitioner{number}", clinic, Role.PRACTITIONER))
        works_weekdays(staff[-1], clinic)
    make_staff("busy.admin", clinic, Role.ADMIN)
    today = clinic_today(clinic)
    for number in range(courses):
        practitioner = staff[number % 2]
        patient = Patient.objects.create(
            clinic=clinic,
            given_name=f"Patient{number}",
            family_name="Test",
            date_of_birth=date(1980, 1, 1) + timedelta(days=number),
            created_by=practitioner,
        )
        screen(patient, practitioner)
        # The first signature makes the default form the clinic's version 1.
        sign_consent(patient, practitioner, template_version=None if number == 0 else 1)
        assess(patient, practitioner, 2, (2, 2, 1, 1), on=today - timedelta(days=3))
        plan(patient, practitioner, starts_on=next_week(today) + timedelta(days=number % 3))
    return clinic


def start(clinic_id: int, seconds: int) -> int:
    from django.contrib.auth.models import User

    from mesoclinic.appointments.optimiser.runs import optimiser_run_start
    from mesoclinic.audit.actor import Actor
    from mesoclinic.clinics.clock import clinic_today
    from mesoclinic.clinics.models import Clinic

    clinic = Clinic.objects.get(pk=clinic_id)
    run = optimiser_run_start(
        actor=Actor(user=User.objects.get(username="busy.admin"), ip="127.0.0.1"),
        clinic_id=clinic.id,
        first_day=clinic_today(clinic) + timedelta(days=1),
        weeks=16,
        time_limit=seconds,
        movable=False,
    )
    return run.id


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoclinic.settings")
    import django

    django.setup()
    action, *numbers = sys.argv[1:]
    print(seed(*map(int, numbers)).id if action == "seed" else start(*map(int, numbers)))
