from datetime import UTC, datetime, time, timedelta

import pytest
from django.test import Client

from mesoclinic.appointments.models import Appointment
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.charting.aftercare import DEFAULT_AFTERCARE, fill, placeholder_problem
from mesoclinic.charting.models import AftercareTemplate
from mesoclinic.clinics.models import Room
from mesoclinic.courses.models import Course
from tests.charting.conftest import chart_on_page
from tests.conftest import client_for


def test_the_default_aftercare_is_honest_and_takes_its_numbers_from_the_protocol():
    assert "{bruising_days}" in DEFAULT_AFTERCARE
    assert "not guaranteed" in DEFAULT_AFTERCARE
    for promise in ("painless", "no side effects", "removal", "guarantee "):
        assert promise not in DEFAULT_AFTERCARE.lower()


def test_a_clinic_admin_edits_the_aftercare_text(clinic_admin, riverside):
    client = client_for(clinic_admin)
    assert client.get(f"/clinics/{riverside.id}/aftercare/").status_code == 200

    response = client.post(
        f"/clinics/{riverside.id}/aftercare/",
        {"body": "Call {clinic} if worried. Next: {next_session}"},
    )

    assert response.status_code == 302
    assert AftercareTemplate.objects.get(clinic=riverside).body.startswith("Call {clinic}")
    assert AuditEvent.objects.filter(action=Action.UPDATE, target="aftercare text").exists()


def test_an_unknown_placeholder_is_refused_beside_the_text(clinic_admin, riverside):
    response = client_for(clinic_admin).post(
        f"/clinics/{riverside.id}/aftercare/", {"body": "See you {tomorow}"}
    )

    assert "Unknown placeholder {tomorow}" in str(response.context["form"].errors["body"])
    assert not AftercareTemplate.objects.exists()


@pytest.mark.parametrize("role", ["practitioner", "front_desk", "outsider", "chain_manager"])
def test_only_the_clinic_admin_edits_aftercare(request, role, riverside):
    client = client_for(request.getfixturevalue(role))

    assert client.get(f"/clinics/{riverside.id}/aftercare/").status_code == 404
    assert client.post(f"/clinics/{riverside.id}/aftercare/", {"body": "x"}).status_code == 404


def test_editing_aftercare_needs_the_csrf_token(clinic_admin, riverside):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(clinic_admin)

    assert strict.post(f"/clinics/{riverside.id}/aftercare/", {"body": "x"}).status_code == 403


# -- placeholders: a fixed list, filled by plain replacement --------------------------------


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("Call {clinic:>20000000}", "Unknown placeholder {clinic:>20000000}"),
        ("Call {clinic!r}", "Unknown placeholder {clinic!r}"),
        ("Call {clinic", 'A lone "{" on line 1'),
        ("Call us.\nSee you } soon", 'A lone "}" on line 2'),
        ("Call {{clinic}}", 'A lone "{" on line 1'),
        ("Call {}", "Unknown placeholder {}"),
    ],
)
def test_a_format_spec_or_a_stray_brace_is_refused_naming_it(clinic_admin, riverside, body, named):
    response = client_for(clinic_admin).post(f"/clinics/{riverside.id}/aftercare/", {"body": body})

    assert response.status_code == 200
    assert named in " ".join(response.context["form"].errors["body"])
    assert not AftercareTemplate.objects.exists()


def test_the_editor_lists_every_placeholder_with_what_it_becomes(clinic_admin, riverside):
    page = client_for(clinic_admin).get(f"/clinics/{riverside.id}/aftercare/").content.decode()

    for name in ("clinic", "clinic_phone", "next_session", "exercise"):
        assert "<code>{" + name + "}</code>" in page


def test_the_default_text_has_only_known_placeholders():
    assert placeholder_problem(DEFAULT_AFTERCARE) is None


def test_a_value_is_never_read_again_for_placeholders():
    assert fill("{clinic}", {"clinic": "{next_session}", "next_session": "x"}) == "{next_session}"


def saved_text(clinic, body, by):
    # Written straight to the table, as a text saved before placeholders were checked.
    AftercareTemplate.objects.create(clinic=clinic, body=body, updated_by=by)


@pytest.mark.parametrize(
    "body", ["Call {clinic:>99999999999999999999}", "Call {clinic:>20000000}", "Call {clinic"]
)
def test_an_old_text_with_a_format_spec_renders_small_and_safe(
    logged_in, clinic_admin, riverside, active, caffeine_lot, today, body
):
    session = chart_on_page(logged_in, active, [(caffeine_lot, "1")], today)
    saved_text(riverside, body, clinic_admin)

    response = logged_in.get(f"/sessions/{session.id}/")

    assert response.status_code == 200
    assert len(response.content) < 100_000
    assert "Call Riverside" in response.content.decode() or "Call {clinic" in body


# -- what the patient reads ------------------------------------------------------------------


def aftercare_of(client, session) -> str:
    return client.get(f"/sessions/{session.id}/").context["aftercare"]


def test_the_aftercare_gives_the_clinic_phone_as_the_country_writes_it(
    logged_in, riverside, active, caffeine_lot, today
):
    riverside.phone = "+442079460018"
    riverside.save()
    session = chart_on_page(logged_in, active, [(caffeine_lot, "1")], today)

    assert "Call Riverside on 020 7946 0018" in aftercare_of(logged_in, session)


def test_the_next_session_is_given_with_its_time_in_the_clinics_zone(
    logged_in, practitioner, riverside, active, caffeine_lot, today
):
    session = chart_on_page(logged_in, active, [(caffeine_lot, "1")], today)
    day = today + timedelta(days=7)
    starts = datetime.combine(day, time(9, 30), tzinfo=UTC)
    Appointment.objects.create(
        clinic=riverside,
        patient=active.patient,
        course=active,
        number=2,
        practitioner=practitioner,
        room=Room.objects.filter(clinic=riverside).first(),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        held_until=starts + timedelta(hours=1),
        booked_by=practitioner,
    )
    riverside.time_zone = "Asia/Tokyo"  # UTC+9 all year: no daylight saving to reason about
    riverside.save()

    assert f"{day:%A %d %B %Y} at 18:30" in aftercare_of(logged_in, session)


def test_without_a_booking_the_next_planned_day_is_given(logged_in, active, caffeine_lot, today):
    session = chart_on_page(logged_in, active, [(caffeine_lot, "1")], today)

    assert "the clinic will book the time with you" in aftercare_of(logged_in, session)


def test_the_exercise_paragraph_appears_only_for_a_course_with_a_programme(
    logged_in, active, caffeine_lot, today
):
    session = chart_on_page(logged_in, active, [(caffeine_lot, "1")], today)
    assert not active.lifestyle
    assert "Exercise and diet" not in aftercare_of(logged_in, session)
    assert "\n\n\n" not in aftercare_of(logged_in, session)

    Course.objects.filter(pk=active.pk).update(lifestyle=True)

    assert "Exercise and diet" in aftercare_of(logged_in, session)
