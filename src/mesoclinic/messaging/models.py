"""One row per message to a patient: what was sent, to whom, and how its sending went.

The rendered subject and bodies are stored, so a retry or a "send again" sends exactly what
was first queued. `last_error` holds only the error's class and SMTP code: never the address
or the body, which may be shown to the desk and copied into logs.
"""

from django.db import models

from mesoclinic.clinics.models import Clinic
from mesoclinic.patients.models import Patient


class ChannelName(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"  # reserved: no provider is wired in


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Message(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="messages")
    patient = models.ForeignKey(
        Patient, null=True, on_delete=models.PROTECT, related_name="messages"
    )
    # What the message is for ("reminder", "portal_invitation"...): free text of the sender's.
    kind = models.CharField(max_length=40)
    # The sender's idempotence key: the same key again is the same message.
    key = models.CharField(max_length=200, unique=True)
    channel = models.CharField(
        max_length=10, choices=ChannelName.choices, default=ChannelName.EMAIL
    )
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=255)
    text = models.TextField()
    html = models.TextField()
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True)
    # When the send job runs again after a temporary failure; none while not waiting.
    next_try_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [models.Index(fields=["clinic", "status", "created_at"])]

    def __str__(self) -> str:
        return f"message {self.pk}"
