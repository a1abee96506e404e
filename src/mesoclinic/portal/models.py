"""A patient's own account: a separate kind of user, tied to exactly one patient record.

The Django user behind it has no `Membership` and no `ChainManager` row, ever (the services
that create those refuse such users, and the account is only ever made for a new user), so
every staff selector finds nothing for it; the portal middleware keeps it on portal paths.
"""

from django.conf import settings
from django.db import models

from mesoclinic.patients.models import Patient


class PatientAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patient_account"
    )
    patient = models.OneToOneField(Patient, on_delete=models.PROTECT, related_name="account")
    # The address she signs in with: one account per address across the installation, so a
    # sign-in names one record. Stored lower-case.
    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"portal account {self.pk}"
