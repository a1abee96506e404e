"""Signing in with an emailed link: the same answer for every address, a few asks an hour,
a link that works once and for fifteen minutes."""

from datetime import timedelta

from django.test import Client

from mesoclinic.messaging.models import Message
from mesoclinic.portal.models import PatientLink
from tests.clinical_words import assert_no_clinical_detail
from tests.portal.accounts.conftest import link_in

SENT = "If this address belongs to a patient portal account, a sign-in link is on its way."


def ask(address, client=None, ip="203.0.113.5"):
    return (client or Client()).post("/portal/sign-in/link/", {"email": address}, REMOTE_ADDR=ip)


def test_the_sign_in_page_offers_a_link_by_email(db):
    text = Client().get("/portal/sign-in/").content.decode()
    assert 'href="/portal/sign-in/link/"' in text


def test_she_asks_for_a_link_follows_it_and_is_signed_in(ada_account, smtp_server, run_queue):
    assert SENT in ask("Ada@example.org").content.decode()
    run_queue()
    [email] = smtp_server.wait_for(1)
    path = link_in(email, "/portal/sign-in/link/")
    client = Client()

    page = client.get(path)
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session  # a mail scanner's GET signs nobody in

    response = client.post(path, follow=True)
    assert response.redirect_chain[-1][0] == "/portal/"
    assert "Hello, Ada" in response.content.decode()


def test_an_address_without_an_account_gets_the_same_answer_and_no_email(db):
    response = ask("nobody@example.org")
    assert response.status_code == 200
    assert SENT in response.content.decode()
    assert not Message.objects.exists()


def test_a_staff_address_gets_no_link(practitioner):
    practitioner.email = "priya@example.org"
    practitioner.save()
    assert SENT in ask("priya@example.org").content.decode()
    assert not Message.objects.exists()


def test_the_fourth_ask_in_an_hour_for_one_address_is_refused_beside_the_field(ada_account):
    for number in range(3):
        assert SENT in ask("ada@example.org", ip=f"203.0.113.{number}").content.decode()
    response = ask("ada@example.org", ip="203.0.113.99")
    text = response.content.decode()
    assert "Too many sign-in links" in text
    assert 'value="ada@example.org"' in text  # what she typed stays
    assert Message.objects.count() == 3


def test_the_limit_answers_alike_for_addresses_with_and_without_an_account(ada_account):
    for _ in range(3):
        ask("ada@example.org")
        ask("nobody@example.org", ip="198.51.100.1")
    assert "Too many" in ask("ada@example.org").content.decode()
    assert "Too many" in ask("nobody@example.org", ip="198.51.100.1").content.decode()


def test_one_client_address_may_ask_ten_times_an_hour_whatever_the_addresses(db):
    for number in range(10):
        assert SENT in ask(f"someone{number}@example.org").content.decode()
    assert "Too many" in ask("someone-else@example.org").content.decode()


def test_a_sign_in_link_works_once(ada_account, smtp_server, run_queue):
    ask("ada@example.org")
    run_queue()
    path = link_in(smtp_server.wait_for(1)[0], "/portal/sign-in/link/")
    assert Client().post(path).status_code == 302
    again = Client().post(path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_a_sign_in_link_expires_after_fifteen_minutes(ada_account, smtp_server, run_queue):
    ask("ada@example.org")
    run_queue()
    path = link_in(smtp_server.wait_for(1)[0], "/portal/sign-in/link/")
    link = PatientLink.objects.get()
    assert abs(link.expires_at - link.created_at - timedelta(minutes=15)) < timedelta(minutes=1)
    link.expires_at = link.created_at
    link.save()
    client = Client()
    response = client.post(path)
    assert response.status_code == 410
    assert "_auth_user_id" not in client.session


def test_the_sign_in_email_names_only_the_clinic_and_the_link(ada_account, smtp_server, run_queue):
    ask("ada@example.org")
    run_queue()
    [email] = smtp_server.wait_for(1)
    text = email.get_body(preferencelist=("plain",)).get_content()
    assert "Riverside" in email["Subject"]
    assert "Ada" not in text
    assert "Lovelace" not in text


def test_the_sign_in_email_names_no_clinical_detail(ada_account, patient, smtp_server, run_queue):
    ask("ada@example.org")
    run_queue()
    [email] = smtp_server.wait_for(1)
    assert_no_clinical_detail(Message.objects.get())
    assert_no_clinical_detail(email, clinic=patient.clinic)
