"""The audit trail: who read or changed what, when and from where. Append-only."""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class Action(models.TextChoices):
    READ = "read", "Read"
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    SIGN = "sign", "Signed"
    AMEND = "amend", "Amended"
    ENTERED_IN_ERROR = "entered_in_error", "Marked entered in error"
    EXPORT = "export", "Exported"
    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "Failed login"
    LOGOUT = "logout", "Logged out"


class AppendOnly(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("The audit trail cannot be changed.")

    def delete(self) -> NoReturn:
        raise PermissionError("The audit trail cannot be changed.")


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # No database constraint and no cascade: removing an account must not touch the rows
    # that record what it did (they are append-only).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Kept as text so the row still says who it was if the account is renamed or removed.
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices)
    clinic_id = models.BigIntegerField(null=True, db_index=True)
    patient_id = models.BigIntegerField(null=True, db_index=True)
    # What was touched, e.g. "patient", "assessment 12", "patient search". Never clinical content.
    target = models.CharField(max_length=200)
    ip = models.GenericIPAddressField(null=True)
    via = models.CharField(max_length=10, default="web")

    objects = AppendOnly.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # The trail of a clinic, newest first (audit/selectors.py).
            models.Index(fields=["clinic_id", "at"], name="audit_clinic_at"),
            # Log-ins, log-outs and failed log-ins: rows of no clinic, newest first.
            models.Index(
                fields=["at"], condition=models.Q(clinic_id__isnull=True), name="audit_no_clinic_at"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("The audit trail cannot be changed.")
