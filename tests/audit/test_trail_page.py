"""The audit trail page: a clinic admin reads, filters and pages through the rows of their
own clinics (and their staff's log-ins); nobody can change or delete a row."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Membership, Role
from tests.conftest import actor, client_for

XSS = "<img src=x onerror=alert(1)>"


def rows_seen(response):
    return [(row.actor_name, row.action, row.target) for row in response.context["trail"].page]


def targets_seen(response):
    return {row.target for row in response.context["trail"].page}


def failed_login(username):
    AuditEvent.objects.create(
        actor=None, actor_name=username, action=Action.LOGIN_FAILED, target="session"
    )


@pytest.fixture
def mixed_rows(riverside, hillcrest, practitioner, outsider, patient):
    """Rows of both clinics, log-ins of both clinics' staff, and a row of no clinic."""
    audit_record(
        actor=actor(practitioner),
        action=Action.READ,
        target="riverside read",
        clinic_id=riverside.id,
        patient_id=patient.id,
    )
    audit_record(
        actor=actor(outsider), action=Action.READ, target="hillcrest read", clinic_id=hillcrest.id
    )
    audit_record(actor=actor(practitioner), action=Action.LOGIN, target="session")
    audit_record(actor=actor(outsider), action=Action.LOGIN, target="session")
    failed_login("riverside.practitioner")
    failed_login("hillcrest.practitioner")
    audit_record(actor=actor(practitioner), action=Action.READ, target="patient search")


def test_an_admin_sees_their_clinics_rows_and_their_staffs_log_ins_only(
    clinic_admin, mixed_rows, riverside
):
    response = client_for(clinic_admin).get("/audit/")

    assert response.status_code == 200
    seen = rows_seen(response)
    assert ("riverside.practitioner", Action.READ, "riverside read") in seen
    assert ("riverside.practitioner", Action.LOGIN, "session") in seen
    assert ("riverside.practitioner", Action.LOGIN_FAILED, "session") in seen
    assert ("riverside.admin", Action.READ, "audit trail") in seen
    assert not any(name == "hillcrest.practitioner" for name, _, _ in seen)
    assert "hillcrest read" not in targets_seen(response)
    assert "patient search" not in targets_seen(response)


def test_another_clinics_admin_sees_none_of_riversides_rows(
    hillcrest_admin, clinic_admin, mixed_rows
):
    response = client_for(hillcrest_admin).get("/audit/")

    seen = rows_seen(response)
    assert ("hillcrest.practitioner", Action.READ, "hillcrest read") in seen
    assert not any(name.startswith("riverside.") for name, _, _ in seen)
    assert "riverside read" not in response.content.decode()


def test_the_rows_come_newest_first(clinic_admin, riverside, practitioner):
    for number in range(3):
        audit_record(
            actor=actor(practitioner),
            action=Action.CREATE,
            target=f"room {number}",
            clinic_id=riverside.id,
        )

    response = client_for(clinic_admin).get("/audit/", {"action": "create"})

    assert [target for _, _, target in rows_seen(response)] == ["room 2", "room 1", "room 0"]


@pytest.mark.parametrize("who", ["practitioner", "front_desk", "chain_manager", "outsider"])
def test_anyone_but_a_clinic_admin_gets_404(request, who, mixed_rows):
    assert client_for(request.getfixturevalue(who)).get("/audit/").status_code == 404


def test_the_page_needs_a_login(client, db):
    assert client.get("/audit/").status_code == 302


def test_viewing_the_trail_writes_a_read_row(clinic_admin, riverside):
    client_for(clinic_admin).get("/audit/")

    row = AuditEvent.objects.get(action=Action.READ)
    assert (row.target, row.clinic_id, row.actor_id) == (
        "audit trail",
        riverside.id,
        clinic_admin.id,
    )


def test_an_admin_of_two_clinics_sees_both_and_can_narrow_to_one(
    clinic_admin, hillcrest, riverside, mixed_rows
):
    Membership.objects.create(user=clinic_admin, clinic=hillcrest, role=Role.ADMIN)
    client = client_for(clinic_admin)

    both = client.get("/audit/")
    riverside_only = client.get("/audit/", {"clinic": riverside.id})

    assert {"riverside read", "hillcrest read"} <= targets_seen(both)
    assert "riverside read" in targets_seen(riverside_only)
    assert "hillcrest read" not in targets_seen(riverside_only)
    reads = AuditEvent.objects.filter(target="audit trail")
    assert sorted(reads.values_list("clinic_id", flat=True)) == sorted(
        [riverside.id, hillcrest.id, riverside.id]
    )


def test_asking_for_a_clinic_one_does_not_run_shows_no_rows(clinic_admin, hillcrest, mixed_rows):
    response = client_for(clinic_admin).get("/audit/", {"clinic": hillcrest.id})

    assert response.context["trail"] is None
    assert "clinic" in response.context["form"].errors
    assert "hillcrest read" not in response.content.decode()


def test_filtering_by_user(clinic_admin, mixed_rows, practitioner, front_desk, riverside):
    audit_record(
        actor=actor(front_desk),
        action=Action.READ,
        target="front desk read",
        clinic_id=riverside.id,
    )

    response = client_for(clinic_admin).get("/audit/", {"user": practitioner.id})

    names = {name for name, _, _ in rows_seen(response)}
    assert names == {"riverside.practitioner"}
    # The failed log-in carries only the typed name, and still counts as theirs.
    assert ("riverside.practitioner", Action.LOGIN_FAILED, "session") in rows_seen(response)


def test_filtering_by_action(clinic_admin, mixed_rows):
    response = client_for(clinic_admin).get("/audit/", {"action": "login"})

    assert {action for _, action, _ in rows_seen(response)} == {Action.LOGIN}


def test_filtering_by_patient_id(clinic_admin, mixed_rows, patient):
    response = client_for(clinic_admin).get("/audit/", {"patient": patient.id})

    assert targets_seen(response) == {"riverside read"}


def write_at(moment, user, clinic, target, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: moment)
    audit_record(actor=actor(user), action=Action.UPDATE, target=target, clinic_id=clinic.id)
    monkeypatch.undo()


def test_filtering_by_dates_uses_whole_days_in_the_clinics_time_zone(
    clinic_admin, practitioner, riverside, monkeypatch
):
    # 23:30 UTC on 1 July is 00:30 on 2 July in London (summer time).
    write_at(datetime(2031, 7, 1, 23, 30, tzinfo=UTC), practitioner, riverside, "late", monkeypatch)
    write_at(datetime(2031, 7, 1, 12, 0, tzinfo=UTC), practitioner, riverside, "noon", monkeypatch)
    write_at(datetime(2031, 7, 5, 9, 0, tzinfo=UTC), practitioner, riverside, "later", monkeypatch)
    client = client_for(clinic_admin)

    first = client.get("/audit/", {"first_day": "2031-07-01", "last_day": "2031-07-01"})
    second = client.get("/audit/", {"first_day": "2031-07-02", "last_day": "2031-07-02"})
    from_second = client.get("/audit/", {"first_day": "2031-07-02", "action": "update"})

    assert targets_seen(first) == {"noon"}
    assert targets_seen(second) == {"late"}
    assert targets_seen(from_second) == {"late", "later"}
    assert "2031-07-02 00:30:00" in second.content.decode()


def test_a_date_range_ending_before_it_starts_is_refused(clinic_admin, mixed_rows):
    response = client_for(clinic_admin).get(
        "/audit/", {"first_day": "2031-07-02", "last_day": "2031-07-01"}
    )

    assert "last_day" in response.context["form"].errors
    assert response.context["trail"] is None


@pytest.mark.parametrize("field", ["first_day", "last_day"])
def test_a_day_outside_1900_to_2100_is_refused_beside_it(field, clinic_admin, mixed_rows):
    response = client_for(clinic_admin).get("/audit/", {field: "9999-12-31"})

    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["Use a date between 1900 and 2100."]
    assert response.context["trail"] is None


def many_rows(practitioner, riverside, count=120):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=practitioner,
            actor_name="riverside.practitioner",
            action=Action.READ,
            target=f"row {n}",
            clinic_id=riverside.id,
        )
        for n in range(count)
    )


def test_the_trail_pages_fifty_rows_at_a_time_keeping_the_filters(
    clinic_admin, practitioner, riverside
):
    many_rows(practitioner, riverside)
    client = client_for(clinic_admin)

    first = client.get("/audit/", {"user": practitioner.id})
    cursor = first.context["trail"].older_than
    second = client.get("/audit/", {"user": practitioner.id, "older_than": cursor})
    third = client.get(
        "/audit/", {"user": practitioner.id, "older_than": second.context["trail"].older_than}
    )

    assert len(first.context["trail"].page) == 50
    assert f"?user={practitioner.id}&amp;older_than={cursor}" in first.content.decode()
    assert len(second.context["trail"].page) == 50
    assert len(third.context["trail"].page) == 20
    assert third.context["trail"].older_than is None
    seen = [row.id for r in (first, second, third) for row in r.context["trail"].page]
    assert len(set(seen)) == 120
    assert seen == sorted(seen, reverse=True)


def test_a_page_of_the_trail_runs_a_bounded_number_of_queries_and_no_count(
    clinic_admin, practitioner, riverside, patient, django_assert_max_num_queries
):
    many_rows(practitioner, riverside)
    audit_record(
        actor=actor(practitioner),
        action=Action.READ,
        target="patient",
        clinic_id=riverside.id,
        patient_id=patient.id,
    )
    client = client_for(clinic_admin)

    with django_assert_max_num_queries(20) as captured:
        response = client.get("/audit/")

    assert response.status_code == 200
    assert not [
        q["sql"]
        for q in captured.captured_queries
        if "COUNT(" in q["sql"].upper() and "audit_auditevent" in q["sql"]
    ]


def test_rows_name_the_patient_beside_the_id(clinic_admin, mixed_rows, patient):
    content = client_for(clinic_admin).get("/audit/").content.decode()

    assert f'Ada Lovelace <span class="hint">(id {patient.id})</span>' in content


def test_a_patient_is_found_by_name_in_a_post_and_filtered_by_id(clinic_admin, mixed_rows, patient):
    client = client_for(clinic_admin)

    found = client.post("/audit/", {"q": "Lovelace"})
    filtered = client.get("/audit/", {"patient": patient.id})

    assert f'href="/audit/?patient={patient.id}"' in found.content.decode()
    assert targets_seen(filtered) == {"riverside read"}
    assert "Newest first: Ada Lovelace" in filtered.content.decode()
    assert AuditEvent.objects.filter(
        actor_id=clinic_admin.id, target="patient search", clinic_id=patient.clinic_id
    ).exists()


def test_the_patient_search_finds_no_other_clinics_patient(
    clinic_admin, mixed_rows, hillcrest_patient
):
    found = client_for(clinic_admin).post("/audit/", {"q": "Hopper"})

    assert "Grace Hopper" not in found.content.decode()
    assert "No patient matches." in found.content.decode()


def test_the_patient_search_says_when_a_date_is_no_date(clinic_admin, mixed_rows, patient):
    found = client_for(clinic_admin).post("/audit/", {"q": "31/02/1985"})

    assert found.status_code == 200
    assert found.context["find"].errors["q"][0].startswith("31/02/1985 is not a date")


def test_another_clinics_patient_id_shows_no_name(clinic_admin, mixed_rows, hillcrest_patient):
    filtered = client_for(clinic_admin).get("/audit/", {"patient": hillcrest_patient.id})

    assert "Grace Hopper" not in filtered.content.decode()
    assert list(filtered.context["trail"].page) == []


def test_the_patient_search_needs_the_csrf_token(clinic_admin):
    client = client_for(clinic_admin)
    client.handler.enforce_csrf_checks = True

    assert client.post("/audit/", {"q": "Lovelace"}).status_code == 403


def test_the_page_offers_no_way_to_change_or_delete_a_row(clinic_admin, mixed_rows):
    client = client_for(clinic_admin)
    content = client.get("/audit/").content.decode()
    row_id = AuditEvent.objects.first().id

    # The log-out button, and the patient search (which reads, and writes only its READ row).
    assert content.count('method="post"') == 2
    assert "Delete" not in content
    assert "Edit" not in content
    before = set(AuditEvent.objects.values_list("id", flat=True))
    assert client.post("/audit/", {"q": "x"}).status_code == 200
    assert before <= set(AuditEvent.objects.values_list("id", flat=True))
    assert client.post(f"/audit/{row_id}/delete/").status_code == 404
    assert client.post(f"/audit/{row_id}/").status_code == 404


def test_the_audit_trail_refuses_updates_and_deletes(clinic_admin, mixed_rows):
    rows = AuditEvent.objects.filter(target="riverside read")
    row = rows.get()

    with pytest.raises(PermissionError):
        rows.update(target="nothing happened")
    with pytest.raises(PermissionError):
        rows.delete()
    with pytest.raises(PermissionError):
        row.delete()
    row.target = "nothing happened"
    with pytest.raises(PermissionError):
        row.save()
    assert AuditEvent.objects.filter(target="riverside read").count() == 1


def test_markup_in_rows_and_staff_names_is_escaped(clinic_admin, practitioner, riverside):
    practitioner.first_name = XSS
    practitioner.save()
    audit_record(actor=actor(practitioner), action=Action.READ, target=XSS, clinic_id=riverside.id)

    content = client_for(clinic_admin).get("/audit/").content.decode()

    assert XSS not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content


def test_a_row_of_a_removed_account_still_names_who_it_was(clinic_admin, riverside):
    gone = User.objects.create_user("temp.locum")
    Membership.objects.create(user=gone, clinic=riverside, role=Role.PRACTITIONER)
    audit_record(actor=actor(gone), action=Action.READ, target="x", clinic_id=riverside.id)
    gone.delete()

    response = client_for(clinic_admin).get("/audit/", {"action": "read"})

    assert ("temp.locum", Action.READ, "x") in rows_seen(response)


def test_clinic_rows_and_staff_log_ins_interleave_newest_first_across_pages(
    clinic_admin, practitioner, riverside
):
    for n in range(40):
        audit_record(
            actor=actor(practitioner),
            action=Action.READ,
            target=f"read {n}",
            clinic_id=riverside.id,
        )
        audit_record(actor=actor(practitioner), action=Action.LOGIN, target=f"session {n}")
    client = client_for(clinic_admin)

    first = client.get("/audit/", {"user": practitioner.id})
    second = client.get(
        "/audit/", {"user": practitioner.id, "older_than": first.context["trail"].older_than}
    )

    rows = [row for r in (first, second) for row in r.context["trail"].page]
    assert [row.target for row in rows] == [
        target for n in reversed(range(40)) for target in (f"session {n}", f"read {n}")
    ]
    assert second.context["trail"].older_than is None
