"""Links sent to patients by email (set a password, sign in once, confirm or cancel an
appointment, take a waitlist offer). Each is signed by its randomness alone: 256 bits, of
which only a hash is kept here. The email carrying it holds it until it is sent (so a failed
one can be sent again); a sent message's stored copy has it taken out
(`messaging.rendering.without_link_secrets`), so a copy of the database opens no link whose
email has gone. A link does one thing for one record, expires, and is spent by its first
use; a refused link says why, and what to do next, in words that fit what it was for.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from mesoclinic.patients.models import Patient
from mesoclinic.portal.models import LinkPurpose, PatientLink

# A link to her account (an invitation, a sign-in link) can be had again: the sign-in page
# emails a new one. A link about one appointment or one waitlist offer cannot: nobody sends
# it again on request, so the way forward is her portal, or the clinic's phone.
NEW_ONE_ON_REQUEST = frozenset({LinkPurpose.SET_PASSWORD, LinkPurpose.SIGN_IN})
ANOTHER_WAY = "sign in to the portal, or call the clinic"
REFUSALS = {
    ("account", "unknown"): "This link is not valid. Check that the whole link was copied, "
    "or ask for a new one on the sign-in page.",
    ("account", "expired"): "This link has expired. Ask for a new one on the sign-in page.",
    ("account", "used"): "This link has already been used. Each link works once: ask for a "
    "new one on the sign-in page.",
    ("appointment", "unknown"): "This link is not valid. Check that the whole link was "
    f"copied; to see your appointments, {ANOTHER_WAY}.",
    ("appointment", "expired"): "This link has expired: the appointment it was sent for has "
    f"passed, moved or been cancelled. To see your appointments, {ANOTHER_WAY}.",
    ("appointment", "used"): "This link has already been used. Each link works once: to "
    f"see or change your appointments, {ANOTHER_WAY}.",
    ("offer", "unknown"): "This link is not valid. Check that the whole link was copied; "
    f"to see your sessions, {ANOTHER_WAY}.",
    ("offer", "expired"): "The time to answer this offer has passed, and you keep the "
    f"session you have booked. To see your sessions, {ANOTHER_WAY}.",
    ("offer", "used"): "This offer has already been answered. Each link works once: to see "
    f"your sessions, {ANOTHER_WAY}.",
}


@dataclass(frozen=True)
class LinkRefused(Exception):
    reason: str  # "unknown", "expired" or "used"

    def message_for(self, purpose: LinkPurpose) -> str:
        """What the refusal page tells her: why, and what to do instead, for a link sent
        for `purpose`."""
        if purpose in NEW_ONE_ON_REQUEST:
            kind = "account"
        elif purpose == LinkPurpose.TAKE_WAITLIST_OFFER:
            kind = "offer"
        else:
            kind = "appointment"
        return REFUSALS[(kind, self.reason)]


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
