"""A practitioner's private calendar feed and the course file: who may create, read and
revoke them, what a feed shows, and what the audit trail records."""

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from mesoclinic.appointments.calendar_files.feeds import calendar_feed_create
from mesoclinic.appointments.models import AppointmentStatus, CalendarFeed
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.models import Membership, Role
from tests.appointments.feed_fixtures import book, move, next_hour, parse, token_in
from tests.conftest import actor, client_for, make_staff

pytestmark = pytest.mark.django_db

FEEDS = reverse("feeds:list")


def feed_url(token: str) -> str:
    return reverse("feeds:feed", kwargs={"token": token})


def create_feed(user, clinic) -> str:
    _feed, token = calendar_feed_create(actor=actor(user), clinic_id=clinic.id)
    return token


@pytest.fixture
def colleague(riverside):
    return make_staff("riverside.colleague", riverside, Role.PRACTITIONER)


def test_a_practitioner_creates_a_feed_and_sees_its_address_only_once(practitioner, riverside):
    client = client_for(practitioner)

    created = client.post(FEEDS, {"clinic": riverside.id})
    shown = client.get(created["Location"])
    token = token_in(shown)
    again = client.get(FEEDS)

    assert created.status_code == 302
    assert "no-store" in shown["Cache-Control"]
    assert token not in again.content.decode()
    assert "Riverside" in again.content.decode()
    feed = CalendarFeed.objects.get(practitioner=practitioner)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert AuditEvent.objects.filter(action=Action.CREATE, target=f"calendar feed {feed.id}")


def test_reloading_the_page_after_creating_a_feed_creates_no_other(practitioner, riverside):
    client = client_for(practitioner)

    created = client.post(FEEDS, {"clinic": riverside.id})
    client.get(created["Location"])
    client.get(created["Location"])

    assert CalendarFeed.objects.filter(practitioner=practitioner).count() == 1


def test_the_feed_needs_no_login_and_answers_with_a_calendar_not_to_be_cached(
    practitioner, riverside, course
):
    token = create_feed(practitioner, riverside)
    book(course, practitioner, next_hour(days=2), number=1)

    response = Client().get(feed_url(token))

    calendar = parse(response)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert len(calendar.walk("VEVENT")) == 1


def test_reading_a_feed_is_audited_as_the_practitioner_via_the_feed(
    practitioner, riverside, course
):
    token = create_feed(practitioner, riverside)

    Client().get(feed_url(token))
    Client().get(feed_url(token))

    reads = AuditEvent.objects.filter(action=Action.READ, via="feed")
    assert reads.count() == 2
    assert {(row.actor_id, row.clinic_id) for row in reads} == {(practitioner.id, riverside.id)}


def test_the_feed_shows_first_name_initial_and_room_and_nothing_clinical(
    practitioner, riverside, course, patient
):
    token = create_feed(practitioner, riverside)
    book(course, practitioner, next_hour(days=2), number=4)

    text = Client().get(feed_url(token)).content.decode()
    (event,) = parse(Client().get(feed_url(token))).walk("VEVENT")

    assert event["SUMMARY"] == "Ada L. - session 4"
    assert event["LOCATION"] == "Room 1"
    assert event["CLASS"] == "PRIVATE"
    for private in ("Lovelace", patient.phone, patient.email, "1985", "thigh", "grade", "CSS"):
        assert private.lower() not in text.lower()


def test_line_breaks_saved_in_names_do_not_break_the_feed(practitioner, riverside, course, patient):
    riverside.name = "River\nside"
    riverside.save()
    patient.given_name = "A\nda"
    patient.save()
    token = create_feed(practitioner, riverside)
    book(course, practitioner, next_hour(days=2), number=1)

    calendar = parse(Client().get(feed_url(token)))

    assert calendar["X-WR-CALNAME"] == "mesoclinic: River side"
    (event,) = calendar.walk("VEVENT")
    assert event["SUMMARY"] == "A da L. - session 1"


def test_the_feed_holds_only_the_practitioners_sessions_at_that_clinic_in_its_window(
    practitioner, colleague, riverside, course
):
    token = create_feed(practitioner, riverside)
    book(course, practitioner, next_hour(days=-29), number=1)
    book(course, practitioner, next_hour(days=300), number=2)
    book(course, colleague, next_hour(days=5), number=3)
    book(course, practitioner, next_hour(days=-40), number=4)
    book(course, practitioner, next_hour(days=400), number=5)

    events = parse(Client().get(feed_url(token))).walk("VEVENT")

    assert sorted(str(event["SUMMARY"]) for event in events) == [
        "Ada L. - session 1",
        "Ada L. - session 2",
    ]


def test_a_session_moved_to_a_colleague_leaves_one_feed_and_joins_the_other(
    practitioner, colleague, riverside, course
):
    mine = create_feed(practitioner, riverside)
    theirs = create_feed(colleague, riverside)
    session = book(course, practitioner, next_hour(days=2), number=1)
    (before,) = parse(Client().get(feed_url(mine))).walk("VEVENT")

    session.practitioner = colleague
    session.save()

    assert parse(Client().get(feed_url(mine))).walk("VEVENT") == []
    (arrived,) = parse(Client().get(feed_url(theirs))).walk("VEVENT")
    assert arrived["UID"] == before["UID"]


def test_a_session_placed_again_with_a_colleague_is_cancelled_in_the_first_feed(
    practitioner, colleague, riverside, course
):
    mine = create_feed(practitioner, riverside)
    session = book(course, practitioner, next_hour(days=2), number=1)
    (before,) = parse(Client().get(feed_url(mine))).walk("VEVENT")

    move(session, next_hour(days=3), practitioner=colleague)
    (gone,) = parse(Client().get(feed_url(mine))).walk("VEVENT")

    assert gone["UID"] == before["UID"]
    assert gone["STATUS"] == "CANCELLED"


def test_a_feed_is_read_in_a_few_queries_however_many_sessions_it_holds(
    practitioner, riverside, course, django_assert_max_num_queries
):
    token = create_feed(practitioner, riverside)
    for number in range(1, 13):
        session = book(course, practitioner, next_hour(days=7 * number), number=number)
        if number % 3 == 0:
            move(session, next_hour(days=7 * number + 1))

    with django_assert_max_num_queries(7):
        response = Client().get(feed_url(token))

    assert len(parse(response).walk("VEVENT")) == 12


def test_an_unknown_token_is_not_found(practitioner, riverside):
    create_feed(practitioner, riverside)

    assert Client().get(feed_url("not-a-feed-token")).status_code == 404


def test_a_revoked_feed_is_not_found(practitioner, riverside):
    token = create_feed(practitioner, riverside)
    feed = CalendarFeed.objects.get(practitioner=practitioner)

    response = client_for(practitioner).post(reverse("feeds:revoke", kwargs={"feed_id": feed.id}))

    assert response.status_code == 302
    assert Client().get(feed_url(token)).status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is not None


def test_the_feed_address_needs_its_token():
    response = Client().get("/calendar/feed/.ics")

    assert response.status_code == 404


def test_a_feed_stops_when_its_owner_no_longer_treats_at_the_clinic(practitioner, riverside):
    token = create_feed(practitioner, riverside)

    Membership.objects.filter(user=practitioner).update(role=Role.FRONT_DESK)

    assert Client().get(feed_url(token)).status_code == 404


def test_a_practitioner_cannot_revoke_a_colleagues_feed(practitioner, colleague, riverside):
    token = create_feed(colleague, riverside)
    feed = CalendarFeed.objects.get(practitioner=colleague)

    response = client_for(practitioner).post(reverse("feeds:revoke", kwargs={"feed_id": feed.id}))

    assert response.status_code == 404
    assert Client().get(feed_url(token)).status_code == 200


def test_a_practitioner_does_not_see_a_colleagues_feeds(practitioner, colleague, riverside):
    create_feed(colleague, riverside)

    page = client_for(practitioner).get(FEEDS).content.decode()

    assert "No feeds yet." in page


def test_a_feed_is_only_created_for_a_clinic_where_the_user_treats(practitioner, hillcrest):
    response = client_for(practitioner).post(FEEDS, {"clinic": hillcrest.id})

    assert response.status_code == 200
    assert not CalendarFeed.objects.exists()


def test_front_desk_has_no_feeds_page(front_desk):
    assert client_for(front_desk).get(FEEDS).status_code == 404


def test_the_feeds_page_needs_a_login():
    response = Client().get(FEEDS)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("action", ["create", "revoke"])
def test_creating_and_revoking_need_the_csrf_token(practitioner, riverside, action):
    create_feed(practitioner, riverside)
    feed = CalendarFeed.objects.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)

    if action == "create":
        response = client.post(FEEDS, {"clinic": riverside.id})
    else:
        response = client.post(reverse("feeds:revoke", kwargs={"feed_id": feed.id}))

    assert response.status_code == 403
    assert CalendarFeed.objects.count() == 1
    assert CalendarFeed.objects.get().revoked_at is None


def course_file_url(course) -> str:
    return reverse("feeds:course", kwargs={"course_id": course.id})


def test_front_desk_downloads_the_patients_course_as_an_attachment(
    front_desk, practitioner, course
):
    book(course, practitioner, next_hour(days=2), number=1)

    response = client_for(front_desk).get(course_file_url(course))

    assert len(parse(response).walk("VEVENT")) == 1
    assert response["Content-Disposition"] == f'attachment; filename="course-{course.id}.ics"'
    assert AuditEvent.objects.filter(
        action=Action.EXPORT,
        actor=front_desk,
        patient_id=course.patient_id,
        target=f"course {course.id} calendar",
    ).exists()


def test_another_clinics_user_does_not_find_the_course_file(outsider, course):
    response = client_for(outsider).get(course_file_url(course))

    assert response.status_code == 404


def test_the_course_file_needs_a_login(course):
    response = Client().get(course_file_url(course))

    assert response.status_code == 302


def test_cancelled_sessions_show_as_cancelled_in_the_feed(practitioner, riverside, course):
    token = create_feed(practitioner, riverside)
    book(
        course,
        practitioner,
        next_hour(days=2),
        number=1,
        status=AppointmentStatus.CANCELLED_BY_PATIENT,
    )

    (event,) = parse(Client().get(feed_url(token))).walk("VEVENT")

    assert event["STATUS"] == "CANCELLED"
