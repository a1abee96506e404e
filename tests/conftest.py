import pytest
from django.contrib.auth.models import User

PASSWORD = "a-long-test-password-42"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    # Production settings redirect to HTTPS; the test client speaks plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def practitioner(django_user_model) -> User:
    return django_user_model.objects.create_user("riverside.practitioner", password=PASSWORD)


@pytest.fixture
def logged_in(client, practitioner):
    client.force_login(practitioner)
    return client
