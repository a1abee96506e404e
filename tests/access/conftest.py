"""A practitioner who works at two clinics of the chain (Riverside and Hillcrest), and the
Hillcrest rows a Riverside write must never draw on. The user can read both clinics, so
only the same-clinic rule stands between a Riverside record and a Hillcrest row."""

import pytest

from mesoclinic.clinics.models import Membership, Role, Room
from tests.appointments.conftest import bookable, next_week_course  # noqa: F401
from tests.charting.conftest import caffeine, caffeine_lot  # noqa: F401
from tests.conftest import make_staff
from tests.courses.conftest import active, course, grade_two, ready, today  # noqa: F401
from tests.formulary.conftest import make_product, receive


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def both_clinics(practitioner, hillcrest):
    """The Riverside practitioner, with a practitioner's role at Hillcrest too."""
    Membership.objects.create(user=practitioner, clinic=hillcrest, role=Role.PRACTITIONER)
    return practitioner


@pytest.fixture
def hillcrest_admin(hillcrest):
    return make_staff("hillcrest.admin", hillcrest, Role.ADMIN)


@pytest.fixture
def hillcrest_lot(hillcrest_admin, hillcrest, both_clinics):
    product = make_product(hillcrest_admin, hillcrest, name="Hillcrest caffeine")
    return receive(both_clinics, product, number="HILL-1", units=2)  # 10 mL


@pytest.fixture
def hillcrest_room(hillcrest):
    return Room.objects.create(clinic=hillcrest, name="Hillcrest room")


@pytest.fixture
def both_admin(clinic_admin, hillcrest):
    """Riverside's admin, an admin at Hillcrest too."""
    Membership.objects.create(user=clinic_admin, clinic=hillcrest, role=Role.ADMIN)
    return clinic_admin
