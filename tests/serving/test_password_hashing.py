"""Passwords are stored as Argon2id at OWASP's recommended parameters (m=19 MiB, t=2, p=1),
and a hash made with Django's heavier defaults is upgraded when its owner next logs in."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.test import Client

from mesoclinic import settings as production_settings
from tests.conftest import PASSWORD

OWASP_PARAMETERS = "$argon2id$v=19$m=19456,t=2,p=1$"
DJANGO_DEFAULT_PARAMETERS = "$argon2id$v=19$m=102400,t=2,p=8$"


@pytest.fixture
def production_hashing(settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS


def test_a_new_password_is_stored_as_argon2id_at_owasp_parameters(
    production_hashing, django_user_model
):
    user = django_user_model.objects.create_user("someone", password=PASSWORD)

    assert user.password.startswith("argon2" + OWASP_PARAMETERS)


def test_a_hash_with_djangos_default_parameters_is_upgraded_at_the_next_login(
    production_hashing, practitioner
):
    practitioner.password = make_password(PASSWORD, hasher=Argon2PasswordHasher())
    practitioner.save(update_fields=["password"])
    assert DJANGO_DEFAULT_PARAMETERS in practitioner.password

    response = Client().post(
        "/login/", {"username": "riverside.practitioner", "password": PASSWORD}
    )

    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.password.startswith("argon2" + OWASP_PARAMETERS)
    assert practitioner.check_password(PASSWORD)


def test_a_failed_login_leaves_the_old_hash_as_it_was(production_hashing, practitioner):
    old = make_password(PASSWORD, hasher=Argon2PasswordHasher())
    practitioner.password = old
    practitioner.save(update_fields=["password"])

    Client().post("/login/", {"username": "riverside.practitioner", "password": "wrong-one-x"})

    practitioner.refresh_from_db()
    assert practitioner.password == old
