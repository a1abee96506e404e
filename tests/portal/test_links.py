"""Links sent by email do one thing, once, before they expire; a refusal says what to do."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from mesoclinic.portal.links import LinkRefused, link_issue, link_peek, link_spend
from mesoclinic.portal.models import LinkPurpose, PatientLink


def issue(patient, hours=1, purpose=LinkPurpose.CONFIRM_APPOINTMENT, target_id=7):
    return link_issue(
        patient=patient,
        purpose=purpose,
        target_id=target_id,
        expires_at=timezone.now() + timedelta(hours=hours),
    )


def spend(secret, purpose=LinkPurpose.CONFIRM_APPOINTMENT):
    with transaction.atomic():
        return link_spend(purpose=purpose, secret=secret)


def test_a_link_works_once_and_then_says_it_was_used(patient):
    secret = issue(patient)
    assert spend(secret).target_id == 7
    with pytest.raises(LinkRefused) as refused:
        spend(secret)
    assert "already been used" in refused.value.message_for(LinkPurpose.CONFIRM_APPOINTMENT)


def test_looking_at_a_link_does_not_spend_it(patient):
    secret = issue(patient)
    link_peek(purpose=LinkPurpose.CONFIRM_APPOINTMENT, secret=secret)
    assert spend(secret).used_at is not None


def test_an_expired_link_is_refused(patient):
    secret = issue(patient, hours=-1)
    with pytest.raises(LinkRefused) as refused:
        spend(secret)
    assert refused.value.reason == "expired"


def test_a_link_for_one_purpose_opens_nothing_else(patient):
    secret = issue(patient, purpose=LinkPurpose.CONFIRM_APPOINTMENT)
    with pytest.raises(LinkRefused) as refused:
        spend(secret, purpose=LinkPurpose.CANCEL_APPOINTMENT)
    assert refused.value.reason == "unknown"


def test_only_a_hash_of_the_secret_is_stored(patient):
    secret = issue(patient)
    stored = PatientLink.objects.get()
    assert secret not in stored.secret_hash
    assert len(stored.secret_hash) == 64


@pytest.mark.django_db(transaction=True)
def test_spending_outside_a_transaction_is_a_programming_error(patient):
    secret = issue(patient)
    with pytest.raises(RuntimeError):
        link_spend(purpose=LinkPurpose.CONFIRM_APPOINTMENT, secret=secret)
