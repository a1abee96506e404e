"""A maintenance recall that falls due invites the patient by email, once, if she allows
contact: "the clinic would like to see you", never what for."""

import pytest
from django.utils import timezone

from mesoclinic.messaging.models import Message
from mesoclinic.portal.reminders.invitations import recall_invitations_due
from tests.clinical_words import assert_no_clinical_detail
from tests.recalls.conftest import (  # noqa: F401
    YEAR,
    completed_preventive,
    do_not_contact,
    due_soon,
    make_patient,
    overdue,
    recall_of,
)

pytestmark = pytest.mark.django_db

NOT_SAID = ("grade", "cellulite", "mesotherapy", "course", "maintenance", "session", "Lovelace")


def invited() -> dict[str, Message]:
    return {m.to: m for m in Message.objects.filter(kind="recall_invitation")}


def test_due_and_overdue_recalls_invite_their_patients_once(overdue, due_soon):  # noqa: F811
    assert recall_invitations_due(timezone.now()) == 2
    assert recall_invitations_due(timezone.now()) == 0
    assert set(invited()) == {"ada@example.org", "mary@example.org"}


def test_a_patient_who_does_not_allow_contact_is_not_invited(do_not_contact):  # noqa: F811
    assert recall_invitations_due(timezone.now()) == 0


def test_a_recall_due_in_a_month_is_not_invited_yet(riverside, practitioner):
    later = make_patient(riverside, practitioner, "Lise", "Meitner")
    recall_of(completed_preventive(later, practitioner, session_days_ago=YEAR - 30))
    assert recall_invitations_due(timezone.now()) == 0


def test_a_recall_months_overdue_is_left_to_the_desks_call(riverside, practitioner):
    late = make_patient(riverside, practitioner, "Lise", "Meitner")
    recall_of(completed_preventive(late, practitioner, session_days_ago=YEAR + 90))
    assert recall_invitations_due(timezone.now()) == 0


def test_a_postponed_recall_is_invited_again_at_its_new_date(overdue):  # noqa: F811
    recall_invitations_due(timezone.now())
    overdue.due_on = overdue.call_on = timezone.localdate()
    overdue.save()
    assert recall_invitations_due(timezone.now()) == 1


def test_the_invitation_asks_her_to_book_and_names_nothing_clinical(overdue):  # noqa: F811
    recall_invitations_due(timezone.now())
    message = invited()["ada@example.org"]
    assert_no_clinical_detail(message)
    assert message.subject == "Riverside: time to book your next visit"
    for part in (message.text, message.html):
        assert "the clinic would like to see you" in part
        assert "https://clinic.example/portal/" in part
        for word in NOT_SAID:
            assert word.lower() not in part.lower()
