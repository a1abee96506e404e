"""Consent forms and signed consents. Neither is ever edited: a changed form is a new
version, and a signed consent keeps the exact text the patient signed."""

from django.conf import settings
from django.db import models

from mesoclinic.clinics.models import Clinic
from mesoclinic.records import ClinicalRecord, WriteOnce

EXPECTED_SESSIONS_SLOT = "{{expected_sessions}}"
COST_SLOT = "{{cost}}"


class ConsentTemplate(WriteOnce):
    """One version of a clinic's consent form. The current form is the highest version."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="consent_templates")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    # Plain text; EXPECTED_SESSIONS_SLOT and COST_SLOT are filled in for each patient.
    body = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["clinic", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "version"], name="consent_template_version_unique_in_clinic"
            )
        ]

    def __str__(self) -> str:
        return f"consent form version {self.version}"


class SignatureKind(models.TextChoices):
    TYPED = "typed", "Typed (the typed name is the signature)"
    DRAWN = "drawn", "Drawn"


class SignedVia(models.TextChoices):
    CLINIC = "clinic", "At the clinic, witnessed by staff"
    PORTAL = "portal", "By the patient in the patient portal"


class SignedConsent(ClinicalRecord, WriteOnce):
    """A patient's signed consent. `author` is the staff witness; `signed_at` is the
    server's time (UTC) when it was recorded. There is no update path: a mistake is marked
    entered in error and a new consent is signed."""

    template = models.ForeignKey(ConsentTemplate, on_delete=models.PROTECT, related_name="+")
    template_version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    # The full text as the patient read it, with the sessions and cost filled in.
    text = models.TextField()
    expected_sessions = models.CharField(max_length=100)
    cost = models.CharField(max_length=100)
    # The signer's name as typed: the patient's, or the representative's when one signs.
    patient_typed_name = models.CharField(max_length=200)
    # Someone signing on the patient's behalf (a parent, a guardian), and who they are to
    # the patient ("her mother"); both empty when the patient signs.
    representative_name = models.CharField(max_length=200, blank=True)
    representative_relation = models.CharField(max_length=100, blank=True)
    signature_kind = models.CharField(max_length=10, choices=SignatureKind.choices)
    # A re-encoded PNG for a drawn signature; empty for a typed one.
    signature_png = models.BinaryField(blank=True, default=b"")
    signed_at = models.DateTimeField()
    # In the portal `author` is the patient's own account: there is no staff witness.
    signed_via = models.CharField(
        max_length=10, choices=SignedVia.choices, default=SignedVia.CLINIC
    )

    class Meta:
        ordering = ["-signed_at", "-id"]
        indexes = [models.Index(fields=["clinic", "patient", "signed_at"])]

    def __str__(self) -> str:
        return f"signed consent {self.pk}"

    @property
    def signer(self) -> str:
        """Who signed, as the consent states it."""
        if self.signed_via == SignedVia.PORTAL:
            return "Signed by the patient in the patient portal"
        if self.representative_name:
            return (
                f"Signed by {self.representative_name}, {self.representative_relation}, "
                "on behalf of the patient"
            )
        return "Signed by the patient"
