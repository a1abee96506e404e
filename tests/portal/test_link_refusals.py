"""A refused emailed link says what to do next in words that fit what it was for: a link to
her account can be asked for again on the sign-in page; a link about an appointment or a
waitlist offer cannot, so she is sent to the portal or the clinic's phone. Every refusal
page links to the sign-in page and gives her clinic's number."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mesoclinic.portal.links import link_issue
from mesoclinic.portal.models import LinkPurpose, PatientLink

pytestmark = pytest.mark.django_db

PHONE = "+44 20 7946 0999"
PAGES = {
    LinkPurpose.SET_PASSWORD: "/portal/welcome/{}/",
    LinkPurpose.SIGN_IN: "/portal/sign-in/link/{}/",
    LinkPurpose.CONFIRM_APPOINTMENT: "/portal/l/confirm/{}/",
    LinkPurpose.CANCEL_APPOINTMENT: "/portal/l/cancel/{}/",
    LinkPurpose.TAKE_WAITLIST_OFFER: "/portal/waitlist/offers/{}/",
}
ASK_AGAIN = "ask for a new one on the sign-in page"
ANOTHER_WAY = "sign in to the portal, or call the clinic"


@pytest.fixture
def phoned(patient):
    patient.clinic.phone = PHONE
    patient.clinic.save(update_fields=["phone"])
    return patient


def used_link(patient, purpose: LinkPurpose) -> str:
    secret = link_issue(
        patient=patient,
        purpose=purpose,
        expires_at=timezone.now() + timedelta(days=1),
        target_id=1,
    )
    PatientLink.objects.update(used_at=timezone.now())
    return PAGES[purpose].format(secret)


@pytest.mark.parametrize("purpose", list(PAGES))
def test_every_refused_link_links_to_the_sign_in_page_and_gives_the_clinics_number(phoned, purpose):
    page = Client().get(used_link(phoned, purpose))
    assert page.status_code == 410
    text = page.content.decode()
    assert "This link has already been used" in text
    assert 'href="/portal/sign-in/"' in text
    assert f'href="tel:{PHONE}"' in text


@pytest.mark.parametrize("purpose", [LinkPurpose.SET_PASSWORD, LinkPurpose.SIGN_IN])
def test_a_used_link_to_her_account_says_to_ask_for_a_new_one(phoned, purpose):
    text = Client().get(used_link(phoned, purpose)).content.decode()
    assert ASK_AGAIN in text
    assert ANOTHER_WAY not in text


@pytest.mark.parametrize(
    "purpose",
    [
        LinkPurpose.CONFIRM_APPOINTMENT,
        LinkPurpose.CANCEL_APPOINTMENT,
        LinkPurpose.TAKE_WAITLIST_OFFER,
    ],
)
def test_a_used_reminder_or_offer_link_sends_her_to_the_portal_or_the_phone(phoned, purpose):
    text = Client().get(used_link(phoned, purpose)).content.decode()
    assert ANOTHER_WAY in text
    assert "new one" not in text  # nobody sends these again on request


def test_an_expired_offer_says_she_keeps_her_session(phoned):
    secret = link_issue(
        patient=phoned,
        purpose=LinkPurpose.TAKE_WAITLIST_OFFER,
        expires_at=timezone.now() - timedelta(minutes=1),
        target_id=1,
    )
    page = Client().get(f"/portal/waitlist/offers/{secret}/")
    assert page.status_code == 410
    text = page.content.decode()
    assert "This link has expired" in text
    assert "you keep the session you have booked" in text
    assert ANOTHER_WAY in text


def test_an_unknown_link_still_links_to_the_sign_in_page(db):
    page = Client().get("/portal/waitlist/offers/not-a-real-secret/")
    assert page.status_code == 404
    assert 'href="/portal/sign-in/"' in page.content.decode()
