"""Django admin, where installed, shows the audit trail to superusers read-only."""

import pytest
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.models import User
from django.test import RequestFactory

from mesoclinic.audit.models import AuditEvent

pytestmark = pytest.mark.skipif(
    "django.contrib.admin" not in settings.INSTALLED_APPS, reason="Django admin is not installed"
)


def request_by(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_superusers_read_the_trail_in_admin_and_nobody_changes_it(clinic_admin):
    from mesoclinic.audit.admin import AuditEventAdmin

    superuser = User.objects.create_superuser("root.admin", password="a-long-test-password-42")
    model_admin = AuditEventAdmin(AuditEvent, AdminSite())
    by_root, by_admin = request_by(superuser), request_by(clinic_admin)

    assert model_admin.has_view_permission(by_root)
    assert not model_admin.has_view_permission(by_admin)
    assert not model_admin.has_add_permission(by_root)
    assert not model_admin.has_change_permission(by_root)
    assert not model_admin.has_delete_permission(by_root)
