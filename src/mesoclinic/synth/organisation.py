"""The synthetic chain: clinics with hours, holidays, rooms, staff, rota, products and
their consent form. Staff share one password, hashed once."""

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from django.contrib.auth.hashers import make_password
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
from mesoclinic.consent.default_text import DEFAULT_TITLE, default_consent_body
from mesoclinic.consent.models import ConsentTemplate
from mesoclinic.domain.protocol import Protocol
from mesoclinic.formulary.models import Product
from mesoclinic.rota.models import Shift
from mesoclinic.synth.calendar import SHIFT_ENDS, SHIFT_STARTS, WORK_DAYS

SYNTH_PASSWORD = "synth-password-123"  # noqa: S105 - published on purpose, synthetic data only
# Patients a practitioner sees over the period: sets the staff and rooms of a clinic.
PATIENTS_PER_PRACTITIONER = 350
# (name, unit, mL per unit, clinic's limit per session)
PRODUCTS = [
    ("Synthetic phosphatidylcholine 5%", "ampoule", Decimal(5), Decimal(5)),
    ("Synthetic caffeine 2%", "vial", Decimal(5), Decimal(5)),
    ("Synthetic L-carnitine 10%", "ampoule", Decimal(5), Decimal(5)),
    ("Synthetic organic silicium", "vial", Decimal(5), Decimal(5)),
]
HOLIDAYS = [(1, 1), (12, 25), (12, 26), (8, 26)]  # (month, day), every year


@dataclass
class SynthClinic:
    clinic: Clinic
    admin: User
    desks: list[User]
    practitioners: list[User]
    rooms: list[Room]
    products: list[Product]
    template: ConsentTemplate
    closed: frozenset[date]


def usernames(seed: int, index: int, practitioners: int) -> list[str]:
    prefix = f"synth{seed}.c{index + 1}"
    return [f"{prefix}.admin", f"{prefix}.desk1", f"{prefix}.desk2"] + [
        f"{prefix}.practitioner{n + 1}" for n in range(practitioners)
    ]


def practitioners_for(patients: int) -> int:
    return max(2, -(-patients // PATIENTS_PER_PRACTITIONER))


def chain_name(seed: int) -> str:
    return f"Synthetic chain (seed {seed})"


def create_chain(seed: int) -> tuple[Chain, User]:
    chain = Chain.objects.create(name=chain_name(seed))
    manager = User.objects.create(
        username=f"synth{seed}.manager",
        first_name="Synthetic",
        last_name="Manager",
        password=make_password(SYNTH_PASSWORD),
    )
    ChainManager.objects.create(user=manager, chain=chain)
    return chain, manager


def create_clinic(
    *,
    chain: Chain,
    seed: int,
    index: int,
    patients: int,
    first_day: date,
    last_day: date,
    protocol: Protocol,
    password_hash: str,
) -> SynthClinic:
    clinic = Clinic.objects.create(
        chain=chain,
        name=f"Synthetic clinic {index + 1:02d}",
        time_zone="Europe/London",
        country="GB",
        # Ofcom's range kept for drama: no real line is ever called.
        phone=f"+44207946{index % 1000:04d}",
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(clinic=clinic, weekday=day, opens=time(8, 30), closes=time(18))
        for day in WORK_DAYS
    )
    closed = sorted(
        {
            date(year, month, day)
            for year in range(first_day.year, last_day.year + 2)
            for month, day in HOLIDAYS
        }
    )
    Closure.objects.bulk_create(
        Closure(clinic=clinic, first_day=day, last_day=day, reason="Public holiday")
        for day in closed
    )
    count = practitioners_for(patients)
    names = usernames(seed, index, count)
    users = User.objects.bulk_create(
        User(
            username=name,
            first_name="Synthetic",
            last_name=name.rsplit(".", 1)[1].capitalize(),
            email=f"{name}@example.org",
            password=password_hash,
        )
        for name in names
    )
    admin, desks, practitioners = users[0], users[1:3], users[3:]
    roles = [Role.ADMIN, Role.FRONT_DESK, Role.FRONT_DESK] + [Role.PRACTITIONER] * count
    Membership.objects.bulk_create(
        Membership(user=user, clinic=clinic, role=role)
        for user, role in zip(users, roles, strict=True)
    )
    rooms = Room.objects.bulk_create(
        Room(clinic=clinic, name=f"Room {n + 1}") for n in range(count)
    )
    Shift.objects.bulk_create(
        Shift(clinic=clinic, practitioner=p, weekday=d, starts=SHIFT_STARTS, ends=SHIFT_ENDS)
        for p in practitioners
        for d in WORK_DAYS
    )
    products = Product.objects.bulk_create(
        Product(
            clinic=clinic,
            name=name,
            form="solution for injection",
            unit=unit,
            volume_per_unit_ml=per_unit,
            session_limit_ml=limit,
            session_limit_basis="Synthetic data: the clinic's usual maximum.",
            created_by=admin,
        )
        for name, unit, per_unit, limit in PRODUCTS
    )
    template = ConsentTemplate.objects.create(
        clinic=clinic,
        version=1,
        title=DEFAULT_TITLE,
        body=default_consent_body(protocol),
        created_by=admin,
    )
    return SynthClinic(
        clinic=clinic,
        admin=admin,
        desks=list(desks),
        practitioners=list(practitioners),
        rooms=list(rooms),
        products=list(products),
        template=template,
        closed=frozenset(closed),
    )
