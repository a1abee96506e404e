"""The few access rules every read goes through, checked role by role."""

import pytest
from django.contrib.auth.models import User
from django.http import Http404

from mesoclinic.access import (
    Capability,
    access_chain_clinics,
    access_clinics,
    access_patient,
    capabilities_at,
)
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.clinics.models import Membership
from tests.conftest import actor

EXPECTED = {
    "clinic_admin": set(Capability),
    "practitioner": {Capability.DEMOGRAPHICS, Capability.CLINICAL},
    "front_desk": {Capability.DEMOGRAPHICS},
    "outsider": set(),
    "chain_manager": set(),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_has_exactly_its_capabilities_at_riverside(request, riverside, role):
    user = request.getfixturevalue(role)

    assert set(capabilities_at(actor(user), riverside.id)) == EXPECTED[role]
    for capability in Capability:
        visible = access_clinics(actor(user), capability)
        assert (riverside in visible) == (capability in EXPECTED[role])


@pytest.mark.parametrize("role", ["outsider", "chain_manager"])
def test_a_patient_of_another_clinic_is_indistinguishable_from_a_missing_one(
    request, patient, role
):
    user = request.getfixturevalue(role)

    with pytest.raises(Http404) as not_yours:
        access_patient(actor(user), patient.id)
    with pytest.raises(Http404) as missing:
        access_patient(actor(user), 999_999)
    assert str(not_yours.value) == str(missing.value)


def test_front_desk_reads_demographics_but_not_clinical_content(front_desk, patient):
    assert access_patient(actor(front_desk), patient.id) == patient
    with pytest.raises(Http404):
        access_patient(actor(front_desk), patient.id, Capability.CLINICAL)


def test_a_deactivated_membership_or_user_loses_access_at_once(practitioner, patient):
    Membership.objects.filter(user=practitioner).update(active=False)
    with pytest.raises(Http404):
        access_patient(actor(practitioner), patient.id)

    Membership.objects.filter(user=practitioner).update(active=True)
    User.objects.filter(pk=practitioner.pk).update(is_active=False)
    practitioner.refresh_from_db()
    with pytest.raises(Http404):
        access_patient(actor(practitioner), patient.id)


def test_a_chain_manager_sees_the_chains_clinics_for_reports_but_no_patient(
    chain_manager, riverside, hillcrest, patient
):
    assert set(access_chain_clinics(actor(chain_manager))) == {riverside, hillcrest}
    with pytest.raises(Http404):
        access_patient(actor(chain_manager), patient.id)


def test_reading_a_patient_writes_an_audit_row_with_who_and_from_where(practitioner, patient):
    access_patient(actor(practitioner), patient.id)

    row = AuditEvent.objects.get(action=Action.READ, patient_id=patient.id)
    assert row.actor == practitioner
    assert row.clinic_id == patient.clinic_id
    assert row.ip == "127.0.0.1"


def test_the_audit_trail_cannot_be_changed_or_deleted(practitioner, patient):
    access_patient(actor(practitioner), patient.id)
    row = AuditEvent.objects.get()

    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(target="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
