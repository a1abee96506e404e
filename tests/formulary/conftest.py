"""Formulary products and lots for the tests, written through the services."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from mesoclinic.audit.models import AuditEvent
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Role
from mesoclinic.formulary.models import Lot, Product
from mesoclinic.formulary.services import lot_receive, product_create, product_set_session_limit
from tests.conftest import actor, make_staff

XSS = "<img src=x onerror=alert(1)>"


def audit_count(**lookup) -> int:
    return AuditEvent.objects.filter(**lookup).count()


def make_product(admin, clinic, name="Caffeine 250 mg/5 mL", limit="5", unit_ml="5") -> Product:
    product = product_create(
        actor=actor(admin),
        clinic=clinic,
        name=name,
        description="Test product",
        ingredients=["caffeine"],
        mechanisms=["fat"],
        form="solution for injection",
        concentration="250 mg/5 mL",
        unit="ampoule",
        volume_per_unit_ml=Decimal(unit_ml),
    )
    if limit is not None:
        product = product_set_session_limit(
            actor=actor(admin), product=product, limit_ml=Decimal(limit), basis="clinic policy"
        )
    return product


def receive(user, product, number="AB123", units=2, expiry: date | None = None) -> Lot:
    today = clinic_today(product.clinic)
    return lot_receive(
        actor=actor(user),
        product=product,
        lot_number=number,
        expiry_date=expiry or today + timedelta(days=180),
        supplier="Pharma Supplies Ltd",
        quantity_units=units,
        received_on=today,
    )


@pytest.fixture
def today(riverside) -> date:
    return clinic_today(riverside)


@pytest.fixture
def product(clinic_admin, riverside) -> Product:
    return make_product(clinic_admin, riverside)


@pytest.fixture
def unlimited(clinic_admin, riverside) -> Product:
    """A product the admin has not set a per-session limit for."""
    return make_product(clinic_admin, riverside, name="Organic silicon 0.5%", limit=None)


@pytest.fixture
def lot(product, practitioner) -> Lot:
    """Two 5 mL ampoules: 10.00 mL."""
    return receive(practitioner, product)


@pytest.fixture
def expired_lot(product, practitioner, today) -> Lot:
    """One 5 mL ampoule that expired two days ago."""
    return lot_receive(
        actor=actor(practitioner),
        product=product,
        lot_number="OLD1",
        expiry_date=today - timedelta(days=2),
        supplier="Pharma Supplies Ltd",
        quantity_units=1,
        received_on=today - timedelta(days=60),
    )


@pytest.fixture
def hillcrest_admin(hillcrest):
    return make_staff("hillcrest.admin", hillcrest, Role.ADMIN)


@pytest.fixture
def hillcrest_lot(hillcrest_admin, hillcrest, outsider) -> Lot:
    return receive(outsider, make_product(hillcrest_admin, hillcrest), number="HC1")
