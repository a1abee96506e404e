"""The demo's patient portal: Riverside takes bookings online with its practitioners, and
one of its patients with a running course has an account (the demo password)."""

from django.contrib.auth.models import User

from mesoclinic.clinics.models import Clinic, Role
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.demo.organisation import DEMO_PASSWORD
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.portal.models import PatientAccount, PortalSettings

DEMO_PATIENT_USERNAME = "demo.patient"


def create_portal(clinics: dict[str, Clinic]) -> PatientAccount:
    riverside = clinics["Riverside"]
    portal = PortalSettings.objects.create(clinic=riverside, online_booking=True)
    portal.online_practitioners.set(
        User.objects.filter(
            memberships__clinic=riverside, memberships__role=Role.PRACTITIONER
        ).order_by("username")
    )
    return PatientAccount.objects.create(
        user=_user(),
        patient=_demo_patient(riverside),
        clinic=riverside,
        email="demo.patient@example.org",
    )


def _demo_patient(clinic: Clinic) -> Patient:
    """A patient whose course is running, so the portal has sessions to show and book."""
    running = (
        Course.objects.filter(
            patient__clinic=clinic,
            patient__status=RecordStatus.ACTIVE,
            state=CourseState.ACTIVE,
        )
        .order_by("id")
        .first()
    )
    if running is not None:
        return running.patient
    return Patient.objects.filter(clinic=clinic, status=RecordStatus.ACTIVE).order_by("id")[0]


def _user() -> User:
    # A user of its own, as every patient account has: never a staff account.
    user = User(username=DEMO_PATIENT_USERNAME, email="demo.patient@example.org")
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def demo_patient_login() -> str | None:
    """The demo patient's sign-in address, once the demo is loaded."""
    return (
        PatientAccount.objects.filter(user__username=DEMO_PATIENT_USERNAME)
        .values_list("email", flat=True)
        .first()
    )
