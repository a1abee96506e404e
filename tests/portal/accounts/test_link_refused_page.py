"""A refused link shows one clear page: what went wrong and what to do next."""

from datetime import timedelta

from django.test import RequestFactory
from django.utils import timezone

from mesoclinic.portal.link_pages import link_refused_response
from mesoclinic.portal.links import LinkRefused, link_issue
from mesoclinic.portal.models import LinkPurpose

NO_SUCH_LINK = "no-such-link"


def page(reason, secret=NO_SUCH_LINK):
    request = RequestFactory().get("/portal/some-link/")
    return link_refused_response(
        request, LinkRefused(reason), purpose=LinkPurpose.SIGN_IN, secret=secret
    )


def test_an_expired_link_says_so_and_offers_the_sign_in_page(db):
    response = page("expired")
    text = response.content.decode()
    assert response.status_code == 410
    assert "This link has expired" in text
    assert 'href="/portal/sign-in/"' in text


def test_a_used_link_says_each_link_works_once(db):
    response = page("used")
    assert response.status_code == 410
    assert "Each link works once" in response.content.decode()


def test_an_unknown_link_is_not_found_and_asks_her_to_check_the_copy(db):
    response = page("unknown")
    assert response.status_code == 404
    assert "whole link was copied" in response.content.decode()


def test_the_clinic_phone_is_given_when_the_link_names_a_patient(patient):
    patient.clinic.phone = "+442079460000"
    patient.clinic.save(update_fields=["phone"])
    secret = link_issue(
        patient=patient, purpose=LinkPurpose.SIGN_IN, expires_at=timezone.now() - timedelta(1)
    )
    text = page("expired", secret=secret).content.decode()
    assert '<a href="tel:+442079460000">020 7946 0000</a>' in text
