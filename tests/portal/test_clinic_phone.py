"""The clinic's phone reads in the portal as its country writes it, as the clinic's
documents print it ("020 7946 0018"); links dial the number as stored (E.164)."""

import re

import pytest

from mesoclinic.portal.booking.online import call_the_clinic

SHOWN, STORED = "020 7946 0018", "+442079460018"

PAGES = [
    "/portal/",
    "/portal/consent/",
    "/portal/documents/",
    "/portal/side-effects/",
    "/portal/side-effects/new/",
    "/portal/account/",
]


@pytest.fixture
def phoned(riverside):
    riverside.phone = STORED
    riverside.save(update_fields=["phone"])
    return riverside


@pytest.mark.parametrize("path", PAGES)
def test_every_portal_page_shows_the_clinics_phone_as_its_documents_print_it(
    ada_client, phoned, path
):
    response = ada_client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<a href="tel:{STORED}">{SHOWN}</a>' in page
    # The stored form appears only where a link dials it.
    assert re.findall(rf"(?<!tel:){re.escape(STORED)}", page) == []


def test_a_clinic_without_a_phone_shows_none(ada_client, riverside):
    assert "tel:" not in ada_client.get("/portal/").content.decode()


def test_the_words_sending_her_to_the_phone_carry_it_as_shown(phoned):
    assert call_the_clinic(phoned) == f"call the clinic on {SHOWN}"
