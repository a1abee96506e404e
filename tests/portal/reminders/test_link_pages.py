"""The reminder's links: each first shows the appointment and acts only when she presses its
button (mail scanners open links). Confirm then records that she is coming and says so;
Cancel cancels through the portal's own window; a used, expired or unknown link gets the
shared refusal page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone

from mesoclinic.appointments.changes import appointment_cancel
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.audit.models import AuditEvent
from mesoclinic.portal.links import link_issue
from mesoclinic.portal.models import LinkPurpose
from mesoclinic.portal.reminders.confirm import LINK_USERNAME
from tests.conftest import actor
from tests.portal.booking.conftest import CLINIC_PHONE
from tests.portal.reminders.conftest import reminded

pytestmark = pytest.mark.django_db


def audit_of(row: Appointment, what: str) -> AuditEvent:
    return AuditEvent.objects.get(target=f"appointment {row.id} {what}")


def test_the_confirm_link_shows_the_appointment_and_opening_it_confirms_nothing(booked, addressed):
    row = booked[1]
    link = reminded(row)["confirm"]
    for _ in range(2):  # a mail scanner opened it first: the link still works for her
        page = Client().get(link)
        assert page.status_code == 200
        text = page.content.decode()
        assert "Riverside" in text
        assert "at 10:00" in text
        assert '<form method="post">' in text
        assert "Yes, I will come" in text
    row.refresh_from_db()
    assert row.confirmed_at is None
    reads = AuditEvent.objects.filter(target=f"appointment {row.id} confirm link")
    assert reads.count() == 2
    assert {entry.via for entry in reads} == {"link"}


def test_pressing_yes_records_the_confirmation_and_says_so(booked, addressed):
    row = booked[1]
    page = Client().post(reminded(row)["confirm"])
    assert page.status_code == 200
    assert "your appointment is confirmed" in page.content.decode()
    assert "at 10:00" in page.content.decode()
    row.refresh_from_db()
    assert row.confirmed_at is not None
    assert audit_of(row, "confirmed").via == "link"


def test_a_patient_with_an_account_is_named_in_the_audit_trail(booked, addressed, ada_account):
    row = booked[1]
    Client().post(reminded(row)["confirm"])
    assert audit_of(row, "confirmed").actor == ada_account


def test_a_patient_without_an_account_acts_through_a_user_that_signs_in_nowhere(booked, addressed):
    row = booked[1]
    Client().post(reminded(row)["confirm"])
    entry = audit_of(row, "confirmed")
    assert entry.actor_name == LINK_USERNAME
    assert entry.patient_id == row.patient_id
    user = User.objects.get(username=LINK_USERNAME)
    assert not user.is_active
    assert not user.has_usable_password()


def test_a_confirm_link_works_once(booked, addressed):
    link = reminded(booked[1])["confirm"]
    Client().post(link)
    for again in (Client().get(link), Client().post(link)):
        assert again.status_code == 410
        assert "already been used" in again.content.decode()


def test_the_yes_button_needs_the_pages_csrf_token(booked, addressed):
    row = booked[1]
    assert Client(enforce_csrf_checks=True).post(reminded(row)["confirm"]).status_code == 403
    row.refresh_from_db()
    assert row.confirmed_at is None


def test_a_confirm_link_for_a_time_since_moved_is_refused(booked, addressed):
    row = booked[1]
    link = reminded(row)["confirm"]
    Appointment.objects.filter(pk=row.pk).update(
        starts_at=row.starts_at + timedelta(hours=1),
        ends_at=row.ends_at + timedelta(hours=1),
        held_until=row.held_until + timedelta(hours=1),
    )
    for page in (Client().get(link), Client().post(link)):
        assert page.status_code == 410
        assert CLINIC_PHONE in page.content.decode()  # the refusal gives her clinic's number
    row.refresh_from_db()
    assert row.confirmed_at is None


def test_the_confirm_link_of_a_cancelled_appointment_is_refused(booked, addressed, front_desk):
    row = booked[1]
    link = reminded(row)["confirm"]
    appointment_cancel(
        actor=actor(front_desk),
        appointment_id=row.id,
        status=AppointmentStatus.CANCELLED_BY_CLINIC,
        reason="Room closed for repairs",
    )
    assert Client().get(link).status_code == 410
    assert Client().post(link).status_code == 410


def test_an_unknown_link_is_not_found(booked, addressed):
    assert Client().get("/portal/l/confirm/not-a-real-secret/").status_code == 404
    assert Client().get("/portal/l/cancel/not-a-real-secret/").status_code == 404


def test_a_link_naming_another_patients_appointment_opens_nothing(booked, addressed, bea):
    row = booked[1]
    for purpose, name in (
        (LinkPurpose.CONFIRM_APPOINTMENT, "confirm"),
        (LinkPurpose.CANCEL_APPOINTMENT, "cancel"),
    ):
        secret = link_issue(
            patient=bea,
            purpose=purpose,
            expires_at=row.starts_at - timedelta(days=1),
            target_id=row.id,
        )
        assert Client().get(f"/portal/l/{name}/{secret}/").status_code == 404
        assert Client().post(f"/portal/l/{name}/{secret}/").status_code == 404
    row.refresh_from_db()
    assert (row.status, row.confirmed_at) == (AppointmentStatus.BOOKED, None)


def test_the_cancel_link_shows_what_will_be_cancelled_and_opening_it_cancels_nothing(
    booked, addressed
):
    row = booked[1]
    link = reminded(row)["cancel"]
    for _ in range(2):  # a mail scanner opened it first: the link still works for her
        page = Client().get(link)
        assert page.status_code == 200
        assert '<form method="post">' in page.content.decode()
        assert "Cancel this appointment" in page.content.decode()
    row.refresh_from_db()
    assert row.status == AppointmentStatus.BOOKED
    # Showing her appointment is a read of her record, audited as every read is.
    reads = AuditEvent.objects.filter(target=f"appointment {row.id} cancel link")
    assert reads.count() == 2
    assert {entry.via for entry in reads} == {"link"}


def test_pressing_cancel_cancels_through_the_portals_rules_once(booked, addressed):
    row = booked[1]
    link = reminded(row)["cancel"]
    page = Client().post(link)
    assert page.status_code == 200
    assert "Your appointment is cancelled" in page.content.decode()
    row.refresh_from_db()
    assert row.status == AppointmentStatus.CANCELLED_BY_PATIENT
    assert audit_of(row, "cancelled_patient").via == "link"
    assert Client().post(link).status_code == 410


def test_the_cancel_button_needs_the_pages_csrf_token(booked, addressed):
    row = booked[1]
    link = reminded(row)["cancel"]
    assert Client(enforce_csrf_checks=True).post(link).status_code == 403
    row.refresh_from_db()
    assert row.status == AppointmentStatus.BOOKED


def test_once_the_window_has_closed_the_cancel_link_tells_her_to_call(booked, addressed):
    row = booked[1]
    # The link as the reminder made it, its window closed a minute ago.
    secret = link_issue(
        patient=row.patient,
        purpose=LinkPurpose.CANCEL_APPOINTMENT,
        expires_at=timezone.now() - timedelta(minutes=1),
        target_id=row.id,
    )
    for answer in (
        Client().get(f"/portal/l/cancel/{secret}/"),
        Client().post(f"/portal/l/cancel/{secret}/"),
    ):
        assert answer.status_code == 409
        text = answer.content.decode()
        assert "Please call the clinic" in text
        assert f"call the clinic on {CLINIC_PHONE}" in text
    assert AuditEvent.objects.filter(
        target=f"appointment {row.id} cancel link, window closed"
    ).exists()
    row.refresh_from_db()
    assert row.status == AppointmentStatus.BOOKED


def test_a_confirm_link_after_the_appointment_has_started_is_refused(booked, addressed):
    row = booked[1]
    secret = link_issue(
        patient=row.patient,
        purpose=LinkPurpose.CONFIRM_APPOINTMENT,
        expires_at=timezone.now() - timedelta(minutes=1),  # as if it started a minute ago
        target_id=row.id,
    )
    for page in (
        Client().get(f"/portal/l/confirm/{secret}/"),
        Client().post(f"/portal/l/confirm/{secret}/"),
    ):
        assert page.status_code == 410
        assert "This link has expired" in page.content.decode()
    row.refresh_from_db()
    assert row.confirmed_at is None


def test_a_link_never_acts_as_a_real_account_that_took_the_link_users_name(booked, addressed):
    User.objects.create_user(username=LINK_USERNAME, password="a-real-persons-password-1")
    row = booked[1]
    link = reminded(row)["confirm"]
    with pytest.raises(ImproperlyConfigured):
        Client(raise_request_exception=True).post(link)
    row.refresh_from_db()
    assert row.confirmed_at is None
