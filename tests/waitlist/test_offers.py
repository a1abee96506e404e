"""A cancellation offers the freed time to the waitlist, in order, keeping course rules;
the emailed link moves her session if the time is still free."""

import re
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.changes import appointment_move, appointment_replace
from mesoclinic.appointments.models import Appointment
from mesoclinic.appointments.services import Slot
from mesoclinic.audit.models import AuditEvent
from mesoclinic.domain.errors import DomainError
from mesoclinic.messaging.due import due_run
from mesoclinic.messaging.models import Message
from mesoclinic.portal.links import LinkRefused
from mesoclinic.portal.models import PatientLink
from mesoclinic.waitlist.models import EntryState, Opening, WaitlistOffer
from mesoclinic.waitlist.offers import offer_answer, offer_choose, offers_expire, opening_fill
from tests.clinical_words import assert_no_clinical_detail
from tests.conftest import actor
from tests.portal.conftest import account_for
from tests.waitlist.conftest import cancel, desk_chooses, put_on_waitlist, sent_text

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://clinic\.example/portal/waitlist/offers/([\w-]+)/")


def secret_in(message: Message) -> str:
    text = sent_text(message)
    found = LINK.search(text)
    assert found, text
    return found.group(1)


def offers_to(patient):
    return list(WaitlistOffer.objects.filter(patient=patient))


def test_the_first_to_ask_is_offered_the_freed_time_by_email(
    mary_rows, ada_rows, bea_rows, front_desk, run_queue, smtp_server
):
    put_on_waitlist(bea_rows[0], front_desk)
    put_on_waitlist(ada_rows[0], front_desk)

    cancel(mary_rows[0], front_desk)
    run_queue()

    [offer] = WaitlistOffer.objects.all()
    assert offer.patient == bea_rows[0].patient
    assert offer.state == "offered"
    [email] = smtp_server.wait_for(1)
    assert email["To"] == "bea@example.org"
    assert email["Subject"].startswith("An earlier time at Riverside: Wednesday")
    assert "11:00" in email["Subject"]


def test_the_offer_goes_to_her_records_address_even_when_she_signs_in_with_another(
    mary_rows, ada_rows, front_desk, run_queue
):
    account_for(ada_rows[0].patient, email="ada.signs.in@example.org")
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    assert Message.objects.get(kind="waitlist_offer").to == "ada@example.org"


def test_the_email_names_only_the_time_the_clinic_and_the_link(
    mary_rows, ada_rows, front_desk, run_queue, smtp_server
):
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()

    message = Message.objects.get(kind="waitlist_offer")
    assert_no_clinical_detail(message)
    [email] = smtp_server.wait_for(1)
    assert_no_clinical_detail(email, clinic=message.clinic)
    assert LINK.search(email.get_body(preferencelist=("plain",)).get_content())


def test_a_declined_offer_passes_to_the_next_in_line(
    mary_rows, ada_rows, bea_rows, front_desk, run_queue
):
    put_on_waitlist(bea_rows[0], front_desk)
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()

    answer = offer_answer(
        secret=secret_in(Message.objects.get(patient=bea_rows[0].patient)),
        take=False,
        now=timezone.now(),
    )

    assert answer.state == "declined"
    [to_ada] = offers_to(ada_rows[0].patient)
    assert to_ada.state == "offered"
    bea_rows[0].refresh_from_db()
    assert bea_rows[0].starts_at > mary_rows[0].starts_at  # she keeps her own time


def test_taking_the_offer_moves_her_session_into_the_freed_time(
    mary_rows, ada_rows, front_desk, colleague, run_queue
):
    entry = put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()

    answer = offer_answer(
        secret=secret_in(Message.objects.get(kind="waitlist_offer")), take=True, now=timezone.now()
    )

    assert answer.state == "taken"
    moved = Appointment.objects.get(pk=ada_rows[0].pk)
    assert (moved.starts_at, moved.practitioner, moved.room_id) == (
        mary_rows[0].starts_at,
        colleague,
        mary_rows[0].room_id,
    )
    entry.refresh_from_db()
    assert entry.state == EntryState.MOVED
    assert Opening.objects.get(freed_by=mary_rows[0]).state == "filled"
    assert AuditEvent.objects.filter(
        target=f"waitlist offer {answer.offer.id} taken", via="link"
    ).exists()
    assert AuditEvent.objects.filter(target__startswith=f"course {moved.course_id} moved").exists()


def test_taking_the_offer_is_confirmed_by_the_same_email_as_a_move_in_the_portal(
    mary_rows, ada_rows, front_desk, run_queue, smtp_server
):
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    [offered] = smtp_server.wait_for(1)
    secret = LINK.search(offered.get_body(preferencelist=("plain",)).get_content()).group(1)

    offer_answer(secret=secret, take=True, now=timezone.now())
    run_queue()

    [_offer, confirmation] = smtp_server.wait_for(2)
    assert confirmation["To"] == "ada@example.org"
    assert confirmation["Subject"] == "Moved: your appointment at Riverside"
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    wall = to_wall(mary_rows[0].starts_at, mary_rows[0].clinic)
    assert "You moved your appointment at Riverside. It is now:" in text
    assert f"- {wall:%A} {wall.day} {wall:%B %Y} at {wall:%H:%M}" in text
    assert_no_clinical_detail(confirmation, clinic=mary_rows[0].clinic)


def test_a_patient_who_no_longer_allows_contact_gets_no_confirmation_of_a_taken_offer(
    mary_rows, ada_rows, front_desk, run_queue
):
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    secret = secret_in(Message.objects.get(kind="waitlist_offer"))
    type(ada_rows[0].patient).objects.filter(pk=ada_rows[0].patient_id).update(may_contact=False)

    assert offer_answer(secret=secret, take=True, now=timezone.now()).state == "taken"
    assert not Message.objects.filter(kind="online_change").exists()


def test_the_time_she_gave_up_is_offered_to_the_waitlist_in_turn(
    mary_rows, ada_rows, front_desk, run_queue
):
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    offer_answer(
        secret=secret_in(Message.objects.get(kind="waitlist_offer")), take=True, now=timezone.now()
    )
    run_queue()

    vacated = Opening.objects.get(freed_by=ada_rows[0])
    assert vacated.starts_at == ada_rows[0].starts_at
    assert vacated.state == "closed"  # nobody else waits


def test_a_session_the_course_rules_forbid_there_is_not_offered_the_time(
    mary_rows, ada_rows, front_desk, run_queue
):
    # Ada's second session would sit five days after her first: under the seven-day minimum.
    put_on_waitlist(ada_rows[1], front_desk)

    cancel(mary_rows[1], front_desk)
    run_queue()

    assert WaitlistOffer.objects.count() == 0
    assert Opening.objects.get(freed_by=mary_rows[1]).candidates == []


def test_a_time_outside_her_wishes_is_not_offered(mary_rows, ada_rows, front_desk, run_queue):
    put_on_waitlist(ada_rows[0], front_desk, part_of_day="afternoon")  # Mary's was 11:00

    cancel(mary_rows[0], front_desk)
    run_queue()

    assert WaitlistOffer.objects.count() == 0


def test_a_practitioner_she_did_not_choose_is_not_offered(
    mary_rows, ada_rows, front_desk, practitioner, run_queue
):
    put_on_waitlist(ada_rows[0], front_desk, practitioner_ids=frozenset({practitioner.id}))

    cancel(mary_rows[0], front_desk)  # Mary's was with the colleague
    run_queue()

    assert WaitlistOffer.objects.count() == 0


def test_a_time_booked_by_the_desk_meanwhile_is_refused_and_she_keeps_her_session(
    mary_rows, ada_rows, front_desk, colleague, run_queue
):
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    # The desk books someone else into the time before she answers.
    appointment_replace(
        actor=actor(front_desk),
        appointment_id=mary_rows[0].id,
        slots=[
            Slot(
                1,
                colleague.id,
                mary_rows[0].room_id,
                to_wall(mary_rows[0].starts_at, mary_rows[0].clinic),
            )
        ],
    )

    answer = offer_answer(
        secret=secret_in(Message.objects.get(kind="waitlist_offer")), take=True, now=timezone.now()
    )

    assert answer.state == "gone"
    kept = Appointment.objects.get(pk=ada_rows[0].pk)
    assert kept.starts_at == ada_rows[0].starts_at


def test_a_link_used_once_is_refused_the_second_time(mary_rows, ada_rows, front_desk, run_queue):
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    secret = secret_in(Message.objects.get(kind="waitlist_offer"))
    offer_answer(secret=secret, take=False, now=timezone.now())

    with pytest.raises(LinkRefused) as refused:
        offer_answer(secret=secret, take=True, now=timezone.now())
    assert refused.value.reason == "used"


def test_an_offer_not_answered_in_time_expires_and_passes_to_the_next(
    mary_rows, ada_rows, bea_rows, front_desk, run_queue
):
    put_on_waitlist(bea_rows[0], front_desk)
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    [to_bea] = offers_to(bea_rows[0].patient)

    made = offers_expire(to_bea.expires_at + timedelta(seconds=1))

    assert made == 1
    to_bea.refresh_from_db()
    assert to_bea.state == "expired"
    [to_ada] = offers_to(ada_rows[0].patient)
    assert to_ada.state == "offered"


def test_an_expired_link_is_refused_with_its_reason(mary_rows, ada_rows, front_desk, run_queue):
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    secret = secret_in(Message.objects.get(kind="waitlist_offer"))
    WaitlistOffer.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    PatientLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(LinkRefused) as refused:
        offer_answer(secret=secret, take=True, now=timezone.now())
    assert refused.value.reason == "expired"
    assert Appointment.objects.get(pk=ada_rows[0].pk).starts_at == ada_rows[0].starts_at


def test_where_the_desk_chooses_nobody_is_offered_until_it_does(
    mary_rows, ada_rows, bea_rows, front_desk, run_queue
):
    desk_chooses(front_desk.memberships.first().clinic)
    put_on_waitlist(bea_rows[0], front_desk)
    ada_entry = put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    opening = Opening.objects.get(freed_by=mary_rows[0])
    assert WaitlistOffer.objects.count() == 0
    assert opening.state == "open"

    offer = offer_choose(actor=actor(front_desk), opening_id=opening.id, entry_id=ada_entry.id)

    assert offer.patient == ada_rows[0].patient
    assert offer.offered_by == front_desk
    with pytest.raises(DomainError, match="already offered"):
        offer_choose(actor=actor(front_desk), opening_id=opening.id, entry_id=ada_entry.id)


def test_another_clinics_desk_cannot_choose_whom_to_offer(
    mary_rows, ada_rows, front_desk, hillcrest_desk, run_queue
):
    desk_chooses(front_desk.memberships.first().clinic)
    entry = put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    opening = Opening.objects.get(freed_by=mary_rows[0])

    with pytest.raises(Http404):
        offer_choose(actor=actor(hillcrest_desk), opening_id=opening.id, entry_id=entry.id)


def test_running_the_fill_job_twice_offers_once(mary_rows, ada_rows, front_desk, run_queue):
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    row = mary_rows[0]
    opening_fill(
        appointment_id=row.id,
        practitioner_id=row.practitioner_id,
        room_id=row.room_id,
        starts_at=row.starts_at,
        now=timezone.now(),
    )

    assert Opening.objects.count() == 1
    assert WaitlistOffer.objects.count() == 1


def test_a_time_the_desk_moves_a_session_away_from_is_offered_too(
    mary_rows, ada_rows, front_desk, colleague, run_queue
):
    put_on_waitlist(ada_rows[0], front_desk)
    left = mary_rows[0]
    day_before = to_wall(left.starts_at, left.clinic) - timedelta(days=1)

    appointment_move(
        actor=actor(front_desk),
        appointment_id=left.id,
        slots=[Slot(1, colleague.id, left.room_id, day_before)],
    )
    run_queue()

    [offer] = WaitlistOffer.objects.all()
    assert offer.opening.starts_at == left.starts_at
    assert offer.patient == ada_rows[0].patient


def test_a_cancelled_session_stops_waiting_for_an_earlier_time(ada_rows, front_desk):
    entry = put_on_waitlist(ada_rows[0], front_desk)

    cancel(ada_rows[0], front_desk)

    entry.refresh_from_db()
    assert entry.state == EntryState.WITHDRAWN


def test_the_send_what_is_due_job_passes_lapsed_offers_on(
    mary_rows, ada_rows, bea_rows, front_desk, run_queue
):
    put_on_waitlist(bea_rows[0], front_desk)
    put_on_waitlist(ada_rows[0], front_desk)
    cancel(mary_rows[0], front_desk)
    run_queue()
    [to_bea] = offers_to(bea_rows[0].patient)

    queued = due_run(now=to_bea.expires_at + timedelta(minutes=1))

    assert queued["mesoclinic.waitlist.due.waitlist_offers_lapse"] == 1
    assert [o.state for o in offers_to(ada_rows[0].patient)] == ["offered"]
