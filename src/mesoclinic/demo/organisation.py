"""The demo chain: Riverside and Hillcrest, their hours, closures, rooms, staff and rota."""

from datetime import date, time, timedelta

from django.contrib.auth.models import User

from mesoclinic.clinics.models import (
    Chain,
    ChainManager,
    Clinic,
    Closure,
    Membership,
    OpeningHours,
    Role,
    Room,
)
from mesoclinic.demo.rota import create_rota

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - published on purpose, for demo data only

STAFF = {
    "Riverside": [
        ("riverside.admin", "Rita", "Admin", Role.ADMIN),
        ("riverside.practitioner", "Priya", "Nair", Role.PRACTITIONER),
        ("riverside.practitioner2", "Tom", "Okafor", Role.PRACTITIONER),
        ("riverside.frontdesk", "Fran", "Desk", Role.FRONT_DESK),
    ],
    "Hillcrest": [
        ("hillcrest.admin", "Hal", "Admin", Role.ADMIN),
        ("hillcrest.practitioner", "Helena", "Costa", Role.PRACTITIONER),
        ("hillcrest.frontdesk", "Harry", "Desk", Role.FRONT_DESK),
    ],
}
ROOMS = {"Riverside": ["Room 1", "Room 2", "Room 3"], "Hillcrest": ["Room A", "Room B"]}


def _user(username: str, first: str, last: str) -> User:
    user = User.objects.create_user(
        username, email=f"{username}@example.org", first_name=first, last_name=last
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def create_organisation(today: date) -> dict[str, Clinic]:
    chain = Chain.objects.create(name="Demo Aesthetics")
    # Phone numbers from Ofcom's range kept for drama, so no real line is ever called.
    clinics = {
        name: Clinic.objects.create(
            chain=chain, name=name, time_zone="Europe/London", country="GB", phone=phone
        )
        for name, phone in (("Riverside", "+442079460018"), ("Hillcrest", "+442079460019"))
    }
    for name, clinic in clinics.items():
        for weekday in range(5):
            OpeningHours.objects.create(
                clinic=clinic, weekday=weekday, opens=time(9), closes=time(18)
            )
        OpeningHours.objects.create(clinic=clinic, weekday=5, opens=time(9), closes=time(13))
        next_holiday = today + timedelta(days=30)
        Closure.objects.create(
            clinic=clinic, first_day=next_holiday, last_day=next_holiday, reason="Public holiday"
        )
        for room in ROOMS[name]:
            Room.objects.create(clinic=clinic, name=room)
        for username, first, last, role in STAFF[name]:
            Membership.objects.create(user=_user(username, first, last), clinic=clinic, role=role)
    ChainManager.objects.create(user=_user("chain.manager", "Cora", "Manager"), chain=chain)
    create_rota(clinics, today)
    return clinics
