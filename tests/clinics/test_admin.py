"""Django admin, where installed, is for superusers only; rooms and memberships are never
deleted there either."""

import pytest
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.models import User
from django.test import RequestFactory

from mesoclinic.clinics.models import Clinic, Membership, Room

# The admin modules register with the admin site, which exists only once Django admin is
# installed.
pytestmark = pytest.mark.skipif(
    "django.contrib.admin" not in settings.INSTALLED_APPS, reason="Django admin is not installed"
)


def request_by(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root.admin", password="a-long-test-password-42")


@pytest.mark.parametrize(
    ("admin_class", "model"),
    [("ClinicAdmin", Clinic), ("RoomAdmin", Room), ("MembershipAdmin", Membership)],
)
def test_only_a_superuser_may_use_the_admin_and_nobody_deletes(
    admin_class, model, superuser, clinic_admin
):
    from mesoclinic.clinics import admin

    model_admin = getattr(admin, admin_class)(model, AdminSite())

    assert model_admin.has_module_permission(request_by(superuser))
    assert model_admin.has_change_permission(request_by(superuser))
    assert not model_admin.has_module_permission(request_by(clinic_admin))
    assert not model_admin.has_view_permission(request_by(clinic_admin))
    assert not model_admin.has_change_permission(request_by(clinic_admin))
    assert not model_admin.has_delete_permission(request_by(superuser))
