"""The demo's waitlist: at Riverside, the desk has put two patients' latest booked sessions
on the waitlist, so a cancellation in the demo offers its time to one of them."""

from django.contrib.auth.models import User
from django.utils import timezone

from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Clinic
from mesoclinic.domain.errors import DomainError
from mesoclinic.waitlist.services import Wishes, waitlist_entry_create


def create_waitlist(clinics: dict[str, Clinic]) -> int:
    """How many sessions it put on the waitlist."""
    riverside = clinics["Riverside"]
    desk = Actor(user=User.objects.get(username="riverside.frontdesk"), via="cli")
    later_first = Appointment.objects.filter(
        clinic=riverside, status=AppointmentStatus.BOOKED, starts_at__gt=timezone.now()
    ).order_by("-starts_at", "-id")
    made, patients = 0, set()
    for row in later_first:
        if made == 2:
            break
        if row.patient_id in patients:
            continue
        try:
            waitlist_entry_create(actor=desk, appointment_id=row.id, wishes=Wishes())
        except DomainError:
            continue
        patients.add(row.patient_id)
        made += 1
    return made
