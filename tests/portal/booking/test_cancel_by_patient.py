"""She cancels her own booked session online while the clinic's window is open; later she
is told to call, with the clinic's number."""

from datetime import timedelta

import pytest
from django.http import Http404

from mesoclinic.appointments.models import AppointmentStatus
from mesoclinic.domain.errors import DomainError
from mesoclinic.portal.booking.changes import appointment_cancel_by_patient
from mesoclinic.portal.booking.rules import change_closes_at, may_change_online
from tests.conftest import actor
from tests.portal.booking.conftest import CLINIC_PHONE


def test_the_window_closes_the_set_hours_before_the_start(booked):
    start = booked[0].starts_at
    assert change_closes_at(start, 24) == start - timedelta(hours=24)
    assert may_change_online(start, start - timedelta(hours=25), 24)
    assert not may_change_online(start, start - timedelta(hours=24), 24)


def test_she_cancels_her_session_while_the_window_is_open(booked, ada_account, patient):
    first = booked[0]
    row = appointment_cancel_by_patient(
        actor=actor(ada_account),
        patient=patient,
        appointment_id=first.id,
        now=first.starts_at - timedelta(hours=25),
    )
    assert row.status == AppointmentStatus.CANCELLED_BY_PATIENT
    assert row.status_changed_by == ada_account


def test_after_the_window_closes_she_is_told_to_call_the_clinic(booked, ada_account, patient):
    first = booked[0]
    with pytest.raises(DomainError) as refused:
        appointment_cancel_by_patient(
            actor=actor(ada_account),
            patient=patient,
            appointment_id=first.id,
            now=first.starts_at - timedelta(hours=23),
        )
    assert CLINIC_PHONE in refused.value.message
    first.refresh_from_db()
    assert first.status == AppointmentStatus.BOOKED


def test_another_patients_appointment_is_not_found(booked, bea):
    with pytest.raises(Http404):
        appointment_cancel_by_patient(
            actor=actor(bea.created_by), patient=bea, appointment_id=booked[0].id
        )
    booked[0].refresh_from_db()
    assert booked[0].status == AppointmentStatus.BOOKED


def test_a_session_already_cancelled_is_not_cancelled_again(booked, ada_account, patient):
    first = booked[0]
    early = first.starts_at - timedelta(days=3)
    appointment_cancel_by_patient(
        actor=actor(ada_account), patient=patient, appointment_id=first.id, now=early
    )
    with pytest.raises(Http404):
        appointment_cancel_by_patient(
            actor=actor(ada_account), patient=patient, appointment_id=first.id, now=early
        )
