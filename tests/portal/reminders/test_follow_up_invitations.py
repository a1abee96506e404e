"""An adverse event whose follow-up is overdue invites the patient for a check, once, if she
allows contact; the email says nothing of the event (an email is not a secure channel)."""

import pytest
from django.utils import timezone

from mesoclinic.adverse_events.services import follow_up_create
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.messaging.models import Message
from mesoclinic.portal.reminders.invitations import follow_up_invitations_due
from tests.adverse_events.conftest import bruise, old_bruise, record  # noqa: F401
from tests.clinical_words import assert_no_clinical_detail
from tests.conftest import actor

pytestmark = pytest.mark.django_db

NOT_SAID = ("bruis", "thigh", "side effect", "adverse", "event", "mild", "session", "Lovelace")


def invitations() -> list[Message]:
    return list(Message.objects.filter(kind="follow_up_invitation"))


def test_an_event_past_its_expected_course_invites_her_once(old_bruise):  # noqa: F811
    assert follow_up_invitations_due(timezone.now()) == 1
    assert follow_up_invitations_due(timezone.now()) == 0
    [message] = invitations()
    assert message.to == "ada@example.org"
    assert message.patient_id == old_bruise.patient_id


def test_an_event_within_its_expected_course_invites_nobody(bruise):  # noqa: F811
    assert follow_up_invitations_due(timezone.now()) == 0


def test_a_patient_who_does_not_allow_contact_is_not_invited(old_bruise, patient):  # noqa: F811
    patient.may_contact = False
    patient.save()
    assert follow_up_invitations_due(timezone.now()) == 0


def test_a_patient_seen_since_the_follow_up_fell_due_is_not_invited(old_bruise, practitioner):  # noqa: F811
    follow_up_create(
        actor=actor(practitioner),
        event=old_bruise,
        noted_on=clinic_today(old_bruise.clinic),
        outcome="improving",
        note="Fading, yellow at the edges",
    )
    assert follow_up_invitations_due(timezone.now()) == 0


def test_an_event_long_overdue_is_left_to_the_clinics_follow_up_list(patient, practitioner):
    record(patient, practitioner, days_ago=90)
    assert follow_up_invitations_due(timezone.now()) == 0


def test_the_invitation_asks_for_a_check_and_says_nothing_of_the_event(old_bruise):  # noqa: F811
    follow_up_invitations_due(timezone.now())
    [message] = invitations()
    assert message.subject == "Riverside would like to see you"
    assert_no_clinical_detail(message)
    for part in (message.subject, message.text, message.html):
        for word in NOT_SAID:
            assert word.lower() not in part.lower()
    assert "would like to see you for a check" in message.text
