"""The demo's patient portal: Riverside takes bookings online with its practitioners, and
one of its patients with a running course has an account (the demo password)."""

from django.contrib.auth.models import User

from mesoclinic.clinics.models import Clinic, Role
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.demo.organisation import DEMO_PASSWORD
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.portal.models import PatientAccount, PortalSettings

DEMO_PATIENT_USERNAME = "demo.patient"
DEMO_PATIENT_EMAIL = "demo.patient@example.org"


def create_portal(clinics: dict[str, Clinic]) -> PatientAccount:
    riverside = clinics["Riverside"]
    portal = PortalSettings.objects.create(clinic=riverside, online_booking=True)
    portal.online_practitioners.set(
        User.objects.filter(
            memberships__clinic=riverside, memberships__role=Role.PRACTITIONER
        ).order_by("username")
    )
    patient = _demo_patient(riverside)
    # Her record's address is her account's, as the desk would keep it: her reminders and
    # confirmations (sent to the record's address) reach the same inbox as her sign-in links.
    patient.email = DEMO_PATIENT_EMAIL
    patient.save(update_fields=["email"])
    return PatientAccount.objects.create(
        user=_user(), patient=patient, clinic=riverside, email=DEMO_PATIENT_EMAIL
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
    user = User(username=DEMO_PATIENT_USERNAME, email=DEMO_PATIENT_EMAIL)
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
