"""Signing in with a one-time link sent by email.

Anyone may ask for a link for any address; the answer is the same whether or not an account
has that address, so the form tells nobody who is a patient. Asks are limited per address and
per client address (counted whether or not a link was sent, for the same reason), and each
link works once, for a few minutes.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mesoclinic.messaging.addresses import absolute_url
from mesoclinic.messaging.services import message_queue
from mesoclinic.patients.models import RecordStatus
from mesoclinic.portal.addresses import patient_address
from mesoclinic.portal.links import link_issue, link_spend
from mesoclinic.portal.models import LinkPurpose, PatientAccount, SignInLinkAsk

SIGN_IN_LINK_VALID = timedelta(minutes=15)
ASK_WINDOW = timedelta(hours=1)
ASKS_PER_ADDRESS = 3
# Higher than per address: a household or a clinic's waiting room shares one address.
ASKS_PER_IP = 10


@dataclass(frozen=True)
class TooManyAsks(Exception):
    message: str = (
        "Too many sign-in links were asked for in the last hour. Wait an hour and ask again, "
        "or sign in with your password."
    )


def _address_hash(address: str) -> str:
    return hashlib.sha256(address.encode()).hexdigest()


def sign_in_link_ask(*, email: str, ip: str | None) -> None:
    """Email a sign-in link to each account with this address, if there is any. Raises
    `TooManyAsks` past the limits (whether or not the address has an account)."""
    address = email.strip().lower()
    digest = _address_hash(address)
    now = timezone.now()
    with transaction.atomic():
        since = now - ASK_WINDOW
        asks = SignInLinkAsk.objects.filter(asked_at__gt=since)
        if asks.filter(address_hash=digest).count() >= ASKS_PER_ADDRESS or (
            ip is not None and asks.filter(ip=ip).count() >= ASKS_PER_IP
        ):
            raise TooManyAsks()
        SignInLinkAsk.objects.create(address_hash=digest, ip=ip, asked_at=now)
        SignInLinkAsk.objects.filter(asked_at__lte=since).delete()  # nothing older is needed
        accounts = (
            PatientAccount.objects.select_related("patient__clinic", "user")
            .filter(email=address, user__is_active=True, patient__status=RecordStatus.ACTIVE)
            .order_by("created_at", "pk")
        )
        for account in accounts:
            _send_sign_in_link(account, now=now, digest=digest)


def _send_sign_in_link(account: PatientAccount, *, now: datetime, digest: str) -> None:
    """One email per account: a patient of two clinics with one address gets one from each,
    each naming its clinic, and signs in to the one she means."""
    secret = link_issue(
        patient=account.patient,
        purpose=LinkPurpose.SIGN_IN,
        expires_at=now + SIGN_IN_LINK_VALID,
    )
    clinic = account.patient.clinic
    message_queue(
        kind="portal_sign_in",
        key=f"portal_sign_in:{account.pk}:{now.isoformat()}:{digest[:8]}",
        clinic=clinic,
        patient=account.patient,
        to=patient_address(account.patient, about_her_account=True),
        template="portal/account/email/sign_in",
        context={
            "clinic": clinic,
            "link": absolute_url(reverse("portal:sign_in_link", kwargs={"secret": secret})),
            "minutes": int(SIGN_IN_LINK_VALID.total_seconds() // 60),
        },
    )


def sign_in_link_use(*, secret: str) -> PatientAccount:
    """Spends a sign-in link; the caller logs her in. Raises `LinkRefused`."""
    with transaction.atomic():
        link = link_spend(purpose=LinkPurpose.SIGN_IN, secret=secret)
        # The log-in itself is audited when it happens, as every log-in is.
        return PatientAccount.objects.select_related("user", "patient").get(
            patient_id=link.patient_id
        )
