import pytest
from django.test import Client

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.charting.aftercare import DEFAULT_AFTERCARE
from mesoclinic.charting.models import AftercareTemplate
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
