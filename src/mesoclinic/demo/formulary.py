"""A demo formulary per clinic, through the real services: typical ingredients from the
literature (DOMAIN.md §3), every product labelled as example data. Limits are example
limits (one unit per session), never dose recommendations; one product deliberately has
no limit, to show the "cannot be charted" state. Each clinic gets a lot near expiry and
one already expired."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Clinic
from mesoclinic.formulary.services import (
    lot_receive,
    product_create,
    product_set_session_limit,
    stock_waste,
)

DESCRIPTION = (
    "Example data for the demo: not a real product and not a recommendation. "
    "Replace it with the clinic's own products."
)
LIMIT_BASIS = "Example limit set for the demo, not a dose recommendation."
SUPPLIERS = ("Example Compounding Pharmacy (demo)", "Example Medical Supplies (demo)")


@dataclass(frozen=True)
class DemoProduct:
    name: str
    ingredients: tuple[str, ...]
    mechanisms: tuple[str, ...]
    form: str
    unit: str
    volume_per_unit_ml: Decimal
    has_limit: bool = True


PRODUCTS = (
    DemoProduct(
        "Phosphatidylcholine with sodium deoxycholate",
        ("phosphatidylcholine", "sodium deoxycholate"),
        ("fat",),
        "solution for injection",
        "vial",
        Decimal("5"),
    ),
    DemoProduct(
        "Sodium deoxycholate",
        ("sodium deoxycholate",),
        ("fat",),
        "solution for injection",
        "vial",
        Decimal("2"),
    ),
    DemoProduct(
        "Caffeine",
        ("caffeine",),
        ("fat", "circulation"),
        "solution for injection",
        "ampoule",
        Decimal("5"),
    ),
    DemoProduct(
        "Aminophylline",
        ("aminophylline",),
        ("fat",),
        "solution for injection",
        "ampoule",
        Decimal("2"),
    ),
    DemoProduct(
        "L-carnitine",
        ("L-carnitine",),
        ("fat",),
        "solution for injection",
        "ampoule",
        Decimal("5"),
    ),
    DemoProduct(
        "Organic silicon",
        ("organic silicon",),
        ("connective_tissue",),
        "solution for injection",
        "ampoule",
        Decimal("5"),
    ),
    DemoProduct(
        "Hyaluronidase",
        ("hyaluronidase",),
        ("connective_tissue",),
        "powder for solution for injection",
        "vial",
        Decimal("2"),
    ),
    DemoProduct(
        "Vitamin complex",
        ("vitamin C", "B vitamins"),
        ("connective_tissue", "circulation"),
        "solution for injection",
        "vial",
        Decimal("10"),
    ),
    DemoProduct(
        "Trace minerals",
        ("zinc", "copper", "selenium"),
        ("connective_tissue",),
        "solution for injection",
        "vial",
        Decimal("10"),
    ),
    DemoProduct(
        "Homeopathic mix",
        ("homeopathic dilutions (per label)",),
        ("circulation",),
        "solution for injection",
        "ampoule",
        Decimal("2"),
        has_limit=False,
    ),
)


def _lot_number(rng: random.Random, used: set[str]) -> str:
    while True:
        number = f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randint(10000, 99999)}"
        if number not in used:
            used.add(number)
            return number


def create_formulary(clinics: dict[str, Clinic], today: date, rng: random.Random) -> int:
    """Every demo product at every demo clinic, with stock; returns the number of products."""
    created = 0
    for name, clinic in clinics.items():
        admin = Actor(user=User.objects.get(username=f"{name.lower()}.admin"), via="cli")
        practitioner = Actor(
            user=User.objects.get(username=f"{name.lower()}.practitioner"), via="cli"
        )
        numbers: set[str] = set()
        for index, demo in enumerate(PRODUCTS):
            product = product_create(
                actor=admin,
                clinic=clinic,
                name=f"{demo.name} (example data)",
                description=DESCRIPTION,
                ingredients=demo.ingredients,
                mechanisms=demo.mechanisms,
                form=demo.form,
                concentration="example data: see the real product's label",
                unit=demo.unit,
                volume_per_unit_ml=demo.volume_per_unit_ml,
            )
            if demo.has_limit:
                product_set_session_limit(
                    actor=admin,
                    product=product,
                    limit_ml=demo.volume_per_unit_ml,
                    basis=LIMIT_BASIS,
                )
            # A lot in date for every product; the first adds one near expiry, the second
            # one already expired, the others a later delivery.
            # The first arrived before any demo course began, so its sessions can use it.
            lots = [(today - timedelta(days=rng.randint(65, 90)), rng.randint(200, 500))]
            if index == 0:
                lots.append((today - timedelta(days=150), rng.randint(7, 14)))
            elif index == 1:
                lots.append((today - timedelta(days=300), -rng.randint(5, 30)))
            else:
                lots.append((today - timedelta(days=rng.randint(1, 4)), rng.randint(400, 700)))
            for lot_index, (received_on, expiry_in_days) in enumerate(lots):
                lot = lot_receive(
                    actor=practitioner,
                    product=product,
                    lot_number=_lot_number(rng, numbers),
                    expiry_date=today + timedelta(days=expiry_in_days),
                    supplier=rng.choice(SUPPLIERS),
                    quantity_units=rng.randint(5, 20),
                    received_on=received_on,
                    reference=f"DEMO-{rng.randint(1000, 9999)}",
                )
                if index == 2 and lot_index == 0:
                    stock_waste(
                        actor=practitioner,
                        lot=lot,
                        volume_ml=demo.volume_per_unit_ml,
                        reason="Ampoule dropped (demo).",
                    )
            created += 1
    return created
