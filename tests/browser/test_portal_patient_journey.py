"""A patient's whole way through the portal, on a phone (390 px), in Chromium, with every
email read from a real SMTP server:

the clinic invites her → she sets a password from the invitation → answers the health
questions with a caution → signs the consent form → the practitioner screens, assesses and
plans her course → she books the whole course herself → a reminder arrives → she confirms
by its link → she tries to cancel inside the clinic's cancellation window and is told to
call → after her first session she reports a bruise → the practitioner finds it on
the clinic's follow-up list, reported by her and awaiting review.
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.services import course_start
from mesoclinic.portal.accounts.services import account_invite
from mesoclinic.portal.models import PortalSettings
from mesoclinic.portal.reminders.due import appointment_reminders_due
from mesoclinic.screening.services import screening_caution_sign_off
from tests.adverse_events.conftest import chart
from tests.appointments.conftest import bookable  # noqa: F401
from tests.browser_steps import log_in
from tests.charting.conftest import caffeine, caffeine_lot, silicon, silicon_lot  # noqa: F401
from tests.conftest import actor
from tests.courses.conftest import assess, plan
from tests.portal.accounts.conftest import link_in
from tests.screening.conftest import screen
from tests.tasks.queue_helpers import run_queue  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
HER_PASSWORD = "a-sound-phone-password-7"
BLOOD_THINNER = "anticoagulant_or_antiplatelet"  # a caution: treatment with care, not a stop


def fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def newest_link(smtp_server, count: int, path_start: str) -> str:
    return link_in(smtp_server.wait_for(count)[count - 1], path_start)


def test_from_the_invitation_to_a_reported_bruise_on_a_phone(
    page,
    bookable,  # noqa: F811
    patient,
    practitioner,
    front_desk,
    caffeine_lot,  # noqa: F811
    silicon_lot,  # noqa: F811
    smtp_server,
    run_queue,  # noqa: F811
):
    clinic = bookable
    clinic.phone = "+44 20 7946 0000"
    clinic.save(update_fields=["phone"])
    online = PortalSettings.objects.create(
        clinic=clinic,
        online_booking=True,
        first_session_by_staff=False,
        book_days_ahead=365,
        # Two weeks: every session in the next fortnight is past the online cancel limit.
        cancel_hours_before=336,
        reminder_hours_before=48,
    )
    online.online_practitioners.set([practitioner])
    page.set_viewport_size(PHONE)

    # The desk invites her; she sets her password from the email's link.
    account_invite(actor=actor(front_desk), patient_id=patient.id, email="ada@example.org")
    run_queue()
    page.goto(newest_link(smtp_server, 1, "/portal/welcome/"))
    page.get_by_label("Choose a password").fill(HER_PASSWORD)
    page.get_by_label("Type it again").fill(HER_PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("heading", name="Hello, Ada", level=1)).to_be_visible()
    fits(page)

    # Health questions: a blood thinner is a caution, recorded without alarm.
    page.locator("#main").get_by_role("link", name="Health questions").click()
    for group in page.locator("fieldset").all():
        group.get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Do you take a medicine that thins the blood").get_by_label(
        "Yes", exact=True
    ).check()
    fits(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("your answers have been sent to the clinic")).to_be_visible()
    expect(page.get_by_text("The clinic will call you")).to_have_count(0)

    # Consent, signed with her typed name.
    page.goto("/portal/")
    page.locator("#main").get_by_role("link", name="Consent").click()
    page.get_by_label("I have read the whole form above").check()
    page.get_by_label("Your full name").fill("Ada Lovelace")
    fits(page)
    page.get_by_role("button", name="Sign the consent form").click()
    expect(page.get_by_role("heading", name="You have signed this form")).to_be_visible()

    # At the clinic: the practitioner screens her, signs off the caution with a reason (her
    # answer alone never does), grades her thighs and plans a weekly course from today.
    today = clinic_today(clinic)
    screening = screen(
        patient, practitioner, BLOOD_THINNER, notes={BLOOD_THINNER: "Takes aspirin daily"}
    )
    screening_caution_sign_off(
        actor=actor(practitioner),
        screening=screening,
        item_key=BLOOD_THINNER,
        reason="Low dose; more bruising explained and accepted",
    )
    assess(patient, practitioner, 2, (2, 2, 1, 1))
    course = plan(patient, practitioner, starts_on=today)

    # She books the whole course herself, from the plans the desk's search finds.
    page.goto("/portal/")
    page.get_by_role("link", name="Course from").click()
    page.get_by_role("link", name="Find times").click()
    page.get_by_role("button", name="Book plan 1").click()
    expect(page.get_by_role("status").first).to_contain_text("booked")
    fits(page)
    booked = list(
        Appointment.objects.filter(course=course, status=AppointmentStatus.BOOKED).order_by(
            "starts_at"
        )
    )
    assert len(booked) == course.sessions_planned

    # The reminder of her second session arrives two days before it, with its two links.
    second = booked[1]
    assert appointment_reminders_due(second.starts_at - timedelta(hours=47)) >= 1
    run_queue()
    [reminder] = [
        mail
        for mail in smtp_server.wait_for(2)
        if "/portal/l/confirm/" in mail.get_body(preferencelist=("plain",)).get_content()
    ]
    text = reminder.get_body(preferencelist=("plain",)).get_content()
    assert "thigh" not in text.lower()
    assert "bruis" not in text.lower()
    # Two days before, the fortnight's online limit has passed: no cancel link, a phone.
    assert "/portal/l/cancel/" not in text
    assert "please call the clinic" in text

    page.goto(link_in(reminder, "/portal/l/confirm/"))
    page.get_by_role("button", name="Yes, I will come").click()
    expect(page.get_by_role("heading", name="your appointment is confirmed")).to_be_visible()
    fits(page)
    second.refresh_from_db()
    assert second.confirmed_at is not None

    # She wants to cancel it in the portal: inside the window, she is told to call.
    page.goto(f"/portal/courses/{course.id}/")
    expect(page.get_by_role("link", name="Cancel session 2")).to_have_count(0)
    page.goto(f"/portal/appointments/{second.id}/cancel/")
    expect(page.get_by_role("heading", name="Session 2: please call the clinic")).to_be_visible()
    expect(page.get_by_role("link", name="Call 020 7946 0000")).to_be_visible()
    fits(page)
    second.refresh_from_db()
    assert second.status == AppointmentStatus.BOOKED

    # Her first session is held and charted; then she reports a bruise.
    chart(course_start(actor=actor(practitioner), course=course), practitioner, [caffeine_lot])
    page.goto("/portal/side-effects/new/")
    page.get_by_label("A bruise", exact=True).check()
    page.get_by_label("When did it start?").fill(today.isoformat())
    page.get_by_label("Tell us about it").fill("A bruise on my left thigh that is spreading")
    fits(page)
    page.get_by_role("button", name="Send to the clinic").click()
    expect(
        page.get_by_text(re.compile("awaiting review|sent to the clinic", re.I)).first
    ).to_be_visible()
    event = AdverseEvent.objects.get(patient=patient)

    # The practitioner sees it on the clinic's follow-up list, marked as hers to review.
    page.context.clear_cookies()
    log_in(page, "riverside.practitioner")
    page.goto(f"/clinics/{clinic.id}/adverse-events/follow-up/")
    row = page.get_by_role("row").filter(has_text="reported by the patient, awaiting review")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Ada")
    expect(row.get_by_role("link").first).to_be_visible()
    assert event.clinic_id == clinic.id
    assert page.console_errors == []
