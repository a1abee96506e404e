"""The top navigation offers "Clinic setup" and "Audit trail" only to clinic admins, and
clinic figures to clinic admins and chain managers."""

import pytest
from django.test import RequestFactory

from mesoclinic.web.context_processors import navigation
from tests.conftest import client_for


def nav_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return navigation(request)


def test_a_clinic_admin_is_offered_setup_and_the_audit_trail(clinic_admin):
    assert nav_for(clinic_admin) == {
        "nav_can_chart": True,
        "nav_can_schedule": True,
        "nav_can_setup": True,
        "nav_can_audit": True,
        "nav_can_report": True,
        "nav_can_see_figures": True,
        "nav_invitations": 0,
    }


@pytest.mark.parametrize("who", ["practitioner", "front_desk", "chain_manager", "outsider"])
def test_other_staff_are_offered_neither_setup_nor_the_audit_trail(request, who):
    offered = nav_for(request.getfixturevalue(who))
    assert (offered["nav_can_setup"], offered["nav_can_audit"]) == (False, False)


def test_a_chain_manager_is_offered_the_figures_and_a_practitioner_is_not(
    chain_manager, practitioner
):
    assert nav_for(chain_manager)["nav_can_report"] is True
    assert nav_for(practitioner)["nav_can_report"] is False


def test_the_dashboard_is_offered_to_clinical_staff_and_chain_managers_not_the_desk(
    practitioner, chain_manager, front_desk
):
    assert nav_for(practitioner)["nav_can_see_figures"] is True
    assert nav_for(chain_manager)["nav_can_see_figures"] is True
    assert nav_for(front_desk)["nav_can_see_figures"] is False


def test_an_anonymous_visitor_is_offered_neither(db):
    from django.contrib.auth.models import AnonymousUser

    assert not any(nav_for(AnonymousUser()).values())


def test_an_admin_whose_role_ended_is_offered_neither(clinic_admin, admin_membership):
    admin_membership.active = False
    admin_membership.save()
    assert nav_for(clinic_admin)["nav_can_setup"] is False


@pytest.fixture
def with_navigation(settings):
    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    name = "mesoclinic.web.context_processors.navigation"
    if name not in processors:
        templates = [dict(settings.TEMPLATES[0])]
        templates[0]["OPTIONS"] = {
            **templates[0]["OPTIONS"],
            "context_processors": [*processors, name],
        }
        settings.TEMPLATES = templates


def test_the_links_show_in_the_top_bar_for_an_admin_only(
    with_navigation, clinic_admin, practitioner
):
    admin_page = client_for(clinic_admin).get("/").content.decode()
    practitioner_page = client_for(practitioner).get("/").content.decode()

    assert 'href="/clinic/">Clinic setup</a>' in admin_page
    assert 'href="/audit/">Audit trail</a>' in admin_page
    assert "Clinic setup" not in practitioner_page
    assert "Audit trail" not in practitioner_page


def test_clinical_staff_are_offered_the_formulary_and_front_desk_is_not(practitioner, front_desk):
    assert nav_for(practitioner)["nav_can_chart"] is True
    assert nav_for(front_desk)["nav_can_chart"] is False


def test_the_schedule_is_offered_to_clinic_staff_but_not_to_a_chain_manager(
    front_desk, practitioner, chain_manager
):
    assert nav_for(front_desk)["nav_can_schedule"] is True
    assert nav_for(practitioner)["nav_can_schedule"] is True
    assert nav_for(chain_manager)["nav_can_schedule"] is False
