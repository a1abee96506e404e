"""Staff: who works at the clinic in which role; adding people, changing and ending roles,
deactivating accounts. A clinic always keeps an admin."""

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.models import Membership, Role
from mesoclinic.web.models import LoginSession
from tests.conftest import PASSWORD, client_for, make_staff

XSS = "<img src=x onerror=alert(1)>"
NEW_PASSWORD = "a-long-fresh-password-77"


def new_person(client, clinic, **changes):
    data = {
        "username": "new.person",
        "first_name": "Nia",
        "last_name": "Okafor",
        "email": "nia@example.org",
        "password": NEW_PASSWORD,
        "role": Role.PRACTITIONER,
        **changes,
    }
    return client.post(f"/clinic/{clinic.id}/staff/new/", data)


def role_post(client, membership, role, active=True):
    data = {"role": role, **({"active": "on"} if active else {})}
    return client.post(f"/clinic/{membership.clinic_id}/staff/{membership.id}/", data)


def test_the_staff_list_shows_each_member_with_their_role(
    clinic_admin, practitioner, front_desk, outsider, riverside
):
    response = client_for(clinic_admin).get(f"/clinic/{riverside.id}/staff/")

    content = response.content.decode()
    assert "riverside.practitioner" in content
    assert "Practitioner" in content
    assert "riverside.frontdesk" in content
    assert "Front desk" in content
    assert "hillcrest.practitioner" not in content
    row = AuditEvent.objects.get(action=Action.READ)
    assert (row.target, row.clinic_id) == ("staff list", riverside.id)


def test_an_admin_adds_a_new_person_who_can_then_log_in(clinic_admin, riverside):
    response = new_person(client_for(clinic_admin), riverside)

    assert response.status_code == 302
    user = User.objects.get(username="new.person")
    assert (user.first_name, user.last_name, user.email) == ("Nia", "Okafor", "nia@example.org")
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.clinic, membership.role) == (riverside, Role.PRACTITIONER)
    row = AuditEvent.objects.get(action=Action.CREATE)
    assert row.target == f"membership {membership.id} as practitioner, new user {user.id}"
    assert "Nia" not in row.target
    assert "new.person" not in row.target
    login = Client().post("/login/", {"username": "new.person", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_a_weak_initial_password_is_refused_by_the_password_rules(clinic_admin, riverside):
    client = client_for(clinic_admin)

    short = new_person(client, riverside, password="short")
    common = new_person(client, riverside, password="password1234")
    like_name = new_person(client, riverside, password="new.person.2031")

    assert "password" in short.context["form"].errors
    assert "password" in common.context["form"].errors
    assert "password" in like_name.context["form"].errors
    assert not User.objects.filter(username="new.person").exists()


def test_a_taken_username_is_refused(clinic_admin, practitioner, riverside):
    response = new_person(client_for(clinic_admin), riverside, username="Riverside.Practitioner")

    assert "username" in response.context["form"].errors


def test_an_existing_account_is_given_a_role_here(clinic_admin, outsider, riverside):
    response = client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/staff/existing/",
        {"username": "hillcrest.practitioner", "role": Role.FRONT_DESK},
    )

    assert response.status_code == 302
    membership = Membership.objects.get(user=outsider, clinic=riverside)
    assert membership.role == Role.FRONT_DESK
    assert AuditEvent.objects.get(action=Action.CREATE).target == (
        f"membership {membership.id} as frontdesk"
    )


def test_a_member_cannot_be_added_twice(clinic_admin, practitioner, riverside):
    response = client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/staff/existing/",
        {"username": "riverside.practitioner", "role": Role.ADMIN},
    )

    assert "username" in response.context["form"].errors
    assert Membership.objects.get(user=practitioner).role == Role.PRACTITIONER


def test_an_ended_role_can_be_given_back(clinic_admin, practitioner_membership, riverside):
    practitioner_membership.active = False
    practitioner_membership.save()

    client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/staff/existing/",
        {"username": "riverside.practitioner", "role": Role.FRONT_DESK},
    )

    practitioner_membership.refresh_from_db()
    assert practitioner_membership.active
    assert practitioner_membership.role == Role.FRONT_DESK


def test_an_admin_changes_a_members_role(clinic_admin, practitioner_membership):
    response = role_post(client_for(clinic_admin), practitioner_membership, Role.FRONT_DESK)

    assert response.status_code == 302
    practitioner_membership.refresh_from_db()
    assert practitioner_membership.role == Role.FRONT_DESK
    assert AuditEvent.objects.get(action=Action.UPDATE).target == (
        f"membership {practitioner_membership.id}: role practitioner to frontdesk"
    )


def test_ending_a_role_ends_that_persons_access_to_the_clinic(
    clinic_admin, practitioner, practitioner_membership, patient
):
    role_post(client_for(clinic_admin), practitioner_membership, Role.PRACTITIONER, active=False)

    practitioner_membership.refresh_from_db()
    assert not practitioner_membership.active
    assert client_for(practitioner).get(f"/patients/{patient.id}/").status_code == 404


def test_the_last_admin_cannot_demote_themself(clinic_admin, admin_membership):
    response = role_post(client_for(clinic_admin), admin_membership, Role.PRACTITIONER)

    assert response.status_code == 200
    [error] = response.context["form"].errors["role"]
    assert "only admin" in error
    admin_membership.refresh_from_db()
    assert admin_membership.role == Role.ADMIN


def test_the_last_admin_cannot_end_their_own_role(clinic_admin, admin_membership):
    response = role_post(client_for(clinic_admin), admin_membership, Role.ADMIN, active=False)

    assert "only admin" in response.context["form"].errors["active"][0]
    admin_membership.refresh_from_db()
    assert admin_membership.active


def test_an_admin_may_step_down_when_another_admin_remains(
    clinic_admin, admin_membership, riverside
):
    make_staff("riverside.admin2", riverside, Role.ADMIN)

    response = role_post(client_for(clinic_admin), admin_membership, Role.PRACTITIONER)

    assert response.status_code == 302
    admin_membership.refresh_from_db()
    assert admin_membership.role == Role.PRACTITIONER


def test_a_deactivated_account_does_not_count_as_the_remaining_admin(
    clinic_admin, admin_membership, riverside
):
    other = make_staff("riverside.admin2", riverside, Role.ADMIN)
    other.is_active = False
    other.save()

    response = role_post(client_for(clinic_admin), admin_membership, Role.PRACTITIONER)

    assert response.status_code == 200
    admin_membership.refresh_from_db()
    assert admin_membership.role == Role.ADMIN


def test_deactivating_a_user_ends_their_sessions(clinic_admin, practitioner, riverside):
    theirs = Client()
    theirs.post("/login/", {"username": "riverside.practitioner", "password": PASSWORD})
    session_key = theirs.session.session_key
    assert theirs.get("/").status_code == 200
    assert Session.objects.filter(session_key=session_key).exists()
    membership = Membership.objects.get(user=practitioner)

    response = client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/staff/{membership.id}/deactivate-account/"
    )

    assert response.status_code == 302
    next_request = theirs.get("/")
    assert next_request.status_code == 302
    assert next_request["Location"].startswith("/login/")
    assert not Session.objects.filter(session_key=session_key).exists()
    assert not LoginSession.objects.filter(user=practitioner).exists()
    practitioner.refresh_from_db()
    assert not practitioner.is_active
    row = AuditEvent.objects.get(action=Action.UPDATE, clinic_id=riverside.id)
    assert row.target == f"user {practitioner.id} deactivated"


def test_a_deactivated_user_cannot_log_in_again(clinic_admin, practitioner, riverside):
    membership = Membership.objects.get(user=practitioner)
    client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/staff/{membership.id}/deactivate-account/"
    )

    response = Client().post(
        "/login/", {"username": "riverside.practitioner", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_an_admin_cannot_deactivate_their_own_account(clinic_admin, admin_membership, riverside):
    response = client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/staff/{admin_membership.id}/deactivate-account/"
    )

    assert response.status_code == 200
    assert "your own account" in response.content.decode()
    clinic_admin.refresh_from_db()
    assert clinic_admin.is_active


def test_an_account_with_a_role_at_a_clinic_the_admin_does_not_run_is_not_deactivated(
    clinic_admin, outsider, riverside
):
    membership = Membership.objects.create(user=outsider, clinic=riverside, role=Role.FRONT_DESK)

    response = client_for(clinic_admin).post(
        f"/clinic/{riverside.id}/staff/{membership.id}/deactivate-account/"
    )

    assert response.status_code == 200
    assert "end the role here instead" in response.content.decode()
    outsider.refresh_from_db()
    assert outsider.is_active


def test_the_deactivate_button_is_a_post_form_with_a_csrf_token(
    clinic_admin, practitioner_membership, riverside
):
    url = f"/clinic/{riverside.id}/staff/{practitioner_membership.id}/"
    client = client_for(clinic_admin)

    page = client.get(url).content.decode()

    assert f'action="{url}deactivate-account/"' in page
    assert "csrfmiddlewaretoken" in page
    assert client.get(f"{url}deactivate-account/").status_code == 405


def test_staff_names_with_markup_are_escaped(clinic_admin, practitioner, riverside):
    practitioner.first_name = XSS
    practitioner.save()
    membership = Membership.objects.get(user=practitioner)
    client = client_for(clinic_admin)

    for url in (
        f"/clinic/{riverside.id}/staff/",
        f"/clinic/{riverside.id}/staff/{membership.id}/",
    ):
        content = client.get(url).content.decode()
        assert XSS not in content
        assert "&lt;img src=x onerror=alert(1)&gt;" in content


def test_reading_a_members_page_is_audited(clinic_admin, practitioner_membership, riverside):
    client_for(clinic_admin).get(f"/clinic/{riverside.id}/staff/{practitioner_membership.id}/")

    row = AuditEvent.objects.get(action=Action.READ)
    assert row.target == f"membership {practitioner_membership.id}"


def test_an_admin_is_not_offered_to_deactivate_their_own_account(
    clinic_admin, admin_membership, riverside
):
    page = client_for(clinic_admin).get(f"/clinic/{riverside.id}/staff/{admin_membership.id}/")

    assert "deactivate-account" not in page.content.decode()
