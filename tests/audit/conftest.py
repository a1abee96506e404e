import pytest
from django.contrib.auth.models import User

from mesoclinic.clinics.models import Role
from tests.conftest import make_staff


@pytest.fixture
def hillcrest_admin(hillcrest) -> User:
    return make_staff("hillcrest.admin", hillcrest, Role.ADMIN)
