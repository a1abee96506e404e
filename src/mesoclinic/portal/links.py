"""Links sent to patients by email (set a password, sign in once, confirm or cancel an
appointment, take a waitlist offer). Each is signed by its randomness alone: 256 bits, of
which only a hash is kept here. The email carrying it holds it until it is sent (so a failed
one can be sent again); a sent message's stored copy has it taken out
(`messaging.rendering.without_link_secrets`), so a copy of the database opens no link whose
email has gone. A link does one thing for one record, expires, and is spent by its first
use; a refused link says why in words the patient can act on.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from mesoclinic.patients.models import Patient
from mesoclinic.portal.models import LinkPurpose, PatientLink


@dataclass(frozen=True)
class LinkRefused(Exception):
    reason: str  # "unknown", "expired" or "used"

    @property
    def message(self) -> str:
        return {
            "unknown": "This link is not valid. Check that the whole link was copied, "
            "or ask the clinic for a new one.",
            "expired": "This link has expired. Ask for a new one, or call the clinic.",
            "used": "This link has already been used. Each link works once; ask for a new "
            "one, or sign in to the portal.",
        }[self.reason]


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def link_issue(
    *,
    patient: Patient,
    purpose: LinkPurpose,
    expires_at: datetime,
    target_id: int | None = None,
) -> str:
    """A new link's secret, to put in a URL. Call inside the transaction that sends it."""
    secret = secrets.token_urlsafe(32)
    PatientLink.objects.create(
        patient=patient,
        purpose=purpose,
        target_id=target_id,
        secret_hash=_digest(secret),
        expires_at=expires_at,
    )
    return secret


def link_find(*, purpose: LinkPurpose, secret: str) -> PatientLink | None:
    """The link as stored, used or expired alike: for a page that explains a refusal."""
    return PatientLink.objects.filter(purpose=purpose, secret_hash=_digest(secret)).first()


def link_peek(*, purpose: LinkPurpose, secret: str) -> PatientLink:
    """The link a page shows before she acts (a GET never spends it)."""
    link = PatientLink.objects.filter(purpose=purpose, secret_hash=_digest(secret)).first()
    return _usable(link)


def link_spend(*, purpose: LinkPurpose, secret: str) -> PatientLink:
    """Spends the link, inside the caller's transaction: the action it opens and its use
    commit together, and two clicks at once cannot both pass (the row is locked)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Spend a link inside the transaction of what it does.")
    link = (
        PatientLink.objects.select_for_update()
        .filter(purpose=purpose, secret_hash=_digest(secret))
        .first()
    )
    link = _usable(link)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return link


def _usable(link: PatientLink | None) -> PatientLink:
    if link is None:
        raise LinkRefused("unknown")
    if link.used_at is not None:
        raise LinkRefused("used")
    if link.expires_at <= timezone.now():
        raise LinkRefused("expired")
    return link
