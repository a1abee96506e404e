"""A clinic ready for the crash and race tests, written through the real services into the
database the environment names (run as `python -m tests.crash.dataset` from the project
root): migrate, then print the ids the tests need as one JSON line.

Riverside (London) opens weekdays 09:00-17:00 with two rooms and two practitioners; it
has a front desk, `--book` patients with a planned weekly course ready to book from next
week's Wednesday, `--chart` patients with an active course ready to chart today, a lot
with plenty of stock, `--scarce-lots` lots with only `--last-ml` left each, and API
tokens for clients that do not log in."""

import argparse
import json
import os
import sys
from datetime import date, time, timedelta
from decimal import Decimal


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--book", type=int, default=0)
    parser.add_argument("--chart", type=int, default=0)
    parser.add_argument("--last-ml", default="2.00")
    parser.add_argument("--scarce-lots", type=int, default=1)
    parser.add_argument("--tokens", type=int, default=0)
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoclinic.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(json.dumps(build(options)), flush=True)


GROUP_WEEKS = timedelta(weeks=20)


def staff(username: str, clinic: object, role: str) -> object:
    from django.contrib.auth.models import User

    from mesoclinic.clinics.models import Membership

    user = User.objects.create_user(username, password=None)
    Membership.objects.create(user=user, clinic=clinic, role=role)
    return user


def build(options: argparse.Namespace) -> dict[str, object]:
    from mesoclinic.clinics.clock import clinic_today
    from mesoclinic.clinics.models import Chain, Clinic, Role, Room
    from mesoclinic.consent.selectors import current_template
    from mesoclinic.courses.services import course_start
    from mesoclinic.formulary.services import stock_adjust
    from mesoclinic.patients.models import Patient
    from mesoclinic.web.tokens import token_create
    from tests.appointments.conftest import next_week, open_weekdays, works_weekdays
    from tests.conftest import PASSWORD, actor, make_staff
    from tests.courses.conftest import assess, plan
    from tests.formulary.conftest import make_product, receive
    from tests.screening.conftest import screen, sign_consent

    clinic = Clinic.objects.create(
        chain=Chain.objects.create(name="Crash chain"), name="Riverside", time_zone="Europe/London"
    )
    rooms = [Room.objects.create(clinic=clinic, name=f"Room {n}") for n in (1, 2)]
    open_weekdays(clinic)
    admin = make_staff("crash.admin", clinic, Role.ADMIN)
    desk = make_staff("crash.frontdesk", clinic, Role.FRONT_DESK)
    practitioners = [
        make_staff(f"crash.practitioner{n}", clinic, Role.PRACTITIONER) for n in (1, 2)
    ]
    for user in practitioners:
        works_weekdays(user, clinic, time(9), time(17))
    doctor = practitioners[0]
    today = clinic_today(clinic)

    def ready_patient(n: int) -> Patient:
        patient = Patient.objects.create(
            clinic=clinic,
            given_name=f"Patient{n}",
            family_name="Crash",
            date_of_birth=date(1980, 1, 1) + timedelta(days=n),
            created_by=doctor,
        )
        screen(patient, doctor)
        shown = current_template(clinic.id)
        sign_consent(patient, doctor, template_version=None if shown is None else shown.version)
        assess(patient, doctor, 2, (2, 2, 1, 1), on=today - timedelta(days=3))
        return patient

    to_book = [
        plan(ready_patient(n), doctor, starts_on=next_week(today)).id for n in range(options.book)
    ]
    to_chart = [
        course_start(actor=actor(doctor), course=plan(ready_patient(1000 + n), doctor)).id
        for n in range(options.chart)
    ]
    product = make_product(admin, clinic)  # 5 mL ampoules, at most 5 mL a session
    plenty = receive(doctor, product, number="PLENTY-1", units=100)
    scarce = [
        receive(doctor, product, number=f"LAST-{n}", units=1)
        for n in range(1, options.scarce_lots + 1)
    ]
    for lot in scarce:
        stock_adjust(
            actor=actor(admin),
            lot=lot,
            change_ml=Decimal(options.last_ml) - lot.on_hand_ml,
            reason="Counted what is left",
        )
    tokens = {
        "desk": [token_create(actor=actor(desk), user=desk)[1] for _ in range(options.tokens)],
        "doctor": [
            token_create(actor=actor(doctor), user=doctor)[1] for _ in range(options.tokens)
        ],
    }
    return {
        "password": PASSWORD,
        "desk": desk.username,
        "doctor": doctor.username,
        "practitioners": [p.id for p in practitioners],
        "rooms": [r.id for r in rooms],
        "to_book": to_book,
        "to_chart": to_chart,
        "plenty_lot": plenty.id,
        "scarce_lots": [[lot.id, lot.lot_number] for lot in scarce],
        "today": today.isoformat(),
        "tokens": tokens,
    }


if __name__ == "__main__":
    main(sys.argv[1:])
