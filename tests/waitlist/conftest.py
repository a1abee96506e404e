"""A clinic with a waitlist: Mary's course is booked on Wednesdays at 11:00 with the
colleague in Room 2; Ada's and Bea's courses on the Friday after (Ada 10:00, Bea 12:00,
with the practitioner in Room 1), two days after their sessions' ideal Wednesdays, which
the protocol's two-day window allows. When Mary cancels her first session, Ada's or Bea's
first session can move into it; a later one cannot (it would sit five days after her first,
under the seven-day minimum interval)."""

from datetime import datetime, time, timedelta

import pytest

from mesoclinic.appointments.changes import appointment_cancel
from mesoclinic.clinics.models import Room
from mesoclinic.portal.models import PortalSettings, WaitlistOrder
from mesoclinic.waitlist.services import Wishes, waitlist_entry_create
from tests.appointments.booking_helpers import book_course_around
from tests.appointments.conftest import (  # noqa: F401
    active,
    assess,
    bookable,
    colleague,
    course,
    grade_two,
    hillcrest_desk,
    next_week,
    next_week_course,
    plan,
    ready,
    second_course,
    today,
)
from tests.conftest import actor
from tests.portal.conftest import (  # noqa: F401
    account_for,
    ada_account,
    ada_client,
    bea,
    bea_client,
    grace_client,
)
from tests.screening.conftest import screen, sign_consent
from tests.tasks.queue_helpers import run_queue  # noqa: F401

FRIDAY_OFFSET = timedelta(days=2)


def room(clinic, name: str) -> Room:
    return Room.objects.get(clinic=clinic, name=name)


@pytest.fixture
def mary_rows(ready, second_course, front_desk, colleague, today):  # noqa: F811
    wednesday = next_week(today)
    return book_course_around(
        second_course,
        front_desk,
        colleague.id,
        room(second_course.clinic, "Room 2").id,
        datetime.combine(wednesday, time(11)),
    )


@pytest.fixture
def ada_rows(next_week_course, front_desk, practitioner, today):  # noqa: F811
    friday = next_week(today) + FRIDAY_OFFSET
    return book_course_around(
        next_week_course,
        front_desk,
        practitioner.id,
        room(next_week_course.clinic, "Room 1").id,
        datetime.combine(friday, time(10)),
    )


@pytest.fixture
def bea_rows(ready, bea, bookable, front_desk, practitioner, today):  # noqa: F811
    screen(bea, practitioner)
    sign_consent(bea, practitioner, template_version=1)
    assess(bea, practitioner, 2, (2, 2, 1, 1), on=today - timedelta(days=3))
    bea_course = plan(bea, practitioner, starts_on=next_week(today))
    return book_course_around(
        bea_course,
        front_desk,
        practitioner.id,
        room(bookable, "Room 1").id,
        datetime.combine(next_week(today) + FRIDAY_OFFSET, time(12)),
    )


def put_on_waitlist(row, desk_user, **wishes):
    return waitlist_entry_create(
        actor=actor(desk_user), appointment_id=row.id, wishes=Wishes(**wishes)
    )


def cancel(row, desk_user):
    return appointment_cancel(
        actor=actor(desk_user), appointment_id=row.id, status="cancelled_patient"
    )


def desk_chooses(clinic):
    PortalSettings.objects.update_or_create(
        clinic=clinic, defaults={"waitlist_order": WaitlistOrder.DESK_CHOOSES}
    )


@pytest.fixture
def online(bookable, practitioner, colleague):  # noqa: F811
    """Riverside lets patients book both practitioners online."""
    chosen, _ = PortalSettings.objects.get_or_create(clinic=bookable)
    chosen.online_practitioners.set([practitioner, colleague])
    return chosen


def sent_text(message) -> str:
    """The text of the email that carried `message`, as it arrived: the stored copy of a
    sent message has its link secrets taken out."""
    from django.core import mail

    sent = [m for m in mail.outbox if m.to == [message.to] and m.subject == message.subject]
    assert sent, f"No email was sent for message {message.id}."
    return sent[-1].body
