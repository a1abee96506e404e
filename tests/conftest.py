"""Fixed test users, as a clinic has them: staff of every role at Riverside, a colleague at
Hillcrest (the same chain, another clinic: an outsider to Riverside's records) and a chain
manager. Ownership tests use them to expect 404 across clinics."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import settings as hypothesis_settings

from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Chain, ChainManager, Clinic, Membership, Role, Room
from mesoclinic.patients.models import Patient

# Chromium through Playwright, for the browser tests of every part; a real SMTP server
# (`smtp_server`) for every test that reads the email it sends.
pytest_plugins = ["tests.browser_fixtures", "tests.mail_server"]

# No example may fail for being slow: durations belong in benchmarks, and a test machine
# busy with other work must not turn a correct property into a failure.
hypothesis_settings.register_profile("mesoclinic", deadline=None)
hypothesis_settings.load_profile("mesoclinic")

PASSWORD = "a-long-test-password-42"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    # Production settings redirect to HTTPS; the test client speaks plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(autouse=True)
def _site_url(settings):
    # The address put in emails' links; production sets it (SITE_URL), tests have one.
    settings.SITE_URL = "https://clinic.example"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is slow on purpose; the test of the production hasher restores it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def chain(db) -> Chain:
    return Chain.objects.create(name="Test chain")


@pytest.fixture
def riverside(chain) -> Clinic:
    clinic = Clinic.objects.create(chain=chain, name="Riverside", time_zone="Europe/London")
    Room.objects.create(clinic=clinic, name="Room 1")
    return clinic


@pytest.fixture
def hillcrest(chain) -> Clinic:
    return Clinic.objects.create(chain=chain, name="Hillcrest", time_zone="Europe/London")


def make_staff(username: str, clinic: Clinic, role: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=user, clinic=clinic, role=role)
    return user


@pytest.fixture
def practitioner(riverside) -> User:
    return make_staff("riverside.practitioner", riverside, Role.PRACTITIONER)


@pytest.fixture
def clinic_admin(riverside) -> User:
    return make_staff("riverside.admin", riverside, Role.ADMIN)


@pytest.fixture
def front_desk(riverside) -> User:
    return make_staff("riverside.frontdesk", riverside, Role.FRONT_DESK)


@pytest.fixture
def outsider(hillcrest) -> User:
    """A practitioner at another clinic of the same chain."""
    return make_staff("hillcrest.practitioner", hillcrest, Role.PRACTITIONER)


@pytest.fixture
def chain_manager(chain) -> User:
    user = User.objects.create_user("chain.manager", password=PASSWORD)
    ChainManager.objects.create(user=user, chain=chain)
    return user


@pytest.fixture
def patient(riverside, practitioner) -> Patient:
    return Patient.objects.create(
        clinic=riverside,
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth=date(1985, 12, 10),
        phone="+44 7700 900123",
        phone_digits="447700900123",
        email="ada@example.org",
        may_contact=True,
        created_by=practitioner,
    )


@pytest.fixture
def hillcrest_patient(hillcrest, outsider) -> Patient:
    return Patient.objects.create(
        clinic=hillcrest,
        given_name="Grace",
        family_name="Hopper",
        date_of_birth=date(1976, 12, 9),
        created_by=outsider,
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def actor(user: User) -> Actor:
    return Actor(user=user, ip="127.0.0.1")


@pytest.fixture
def logged_in(practitioner) -> Client:
    return client_for(practitioner)
