"""`mesoclinic demo`: load the demo chain. Demo accounts exist only through this command."""

import random
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.appointments.models import Appointment
from mesoclinic.assessments.models import Assessment
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.consent.models import SignedConsent
from mesoclinic.courses.models import Course
from mesoclinic.demo.adverse_events import create_adverse_events
from mesoclinic.demo.appointments import create_appointments
from mesoclinic.demo.assessments import create_assessments
from mesoclinic.demo.charting import create_charts
from mesoclinic.demo.courses import create_courses
from mesoclinic.demo.formulary import create_formulary
from mesoclinic.demo.organisation import DEMO_PASSWORD, STAFF, create_organisation
from mesoclinic.demo.patients import create_patients
from mesoclinic.demo.portal import create_portal, demo_patient_login
from mesoclinic.demo.progress import create_decisions
from mesoclinic.demo.reassessments import create_reassessed_courses
from mesoclinic.demo.recalls import create_recalls
from mesoclinic.demo.screening import create_screenings_and_consents
from mesoclinic.demo.side_effects import report_demo_side_effect
from mesoclinic.demo.waitlist import create_waitlist
from mesoclinic.documents.demo import share_demo_documents
from mesoclinic.formulary.models import Product
from mesoclinic.patients.models import Patient
from mesoclinic.recalls.models import Recall
from mesoclinic.screening.models import Screening

LOGINS = [username for staff in STAFF.values() for username, *_ in staff] + ["chain.manager"]


class Command(BaseCommand):
    help = "Load the demo chain (demo accounts share the password demo-password-123)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="only load into a database that has no users yet",
        )
        parser.add_argument("--seed", type=int, default=7, help="for other demo patients")

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model().objects
        if options["if_empty"] and users.exists():
            self.stdout.write("The database already has data; demo data not loaded.")
        elif users.filter(username__in=LOGINS).exists():
            self.stdout.write("Demo data is already loaded.")
        else:
            today = timezone.localdate()
            with transaction.atomic():
                clinics = create_organisation(today)
                rng = random.Random(options["seed"])
                patients = create_patients(clinics, today, rng)
                create_screenings_and_consents(patients, today, rng)
                create_assessments(patients, today, rng)
                create_formulary(clinics, today, rng)
                create_courses(patients, today, rng)
                create_charts(today, rng)
                create_adverse_events(patients, today, rng)
                create_appointments(rng)
                create_recalls(clinics, today, rng)
                create_reassessed_courses(today)
                create_decisions()
                account = create_portal(clinics)
                share_demo_documents(account.patient)
                report_demo_side_effect(account)
                create_waitlist(clinics)
            # Counted at the end: the later stories add patients, courses and charts of their own.
            self.stdout.write(
                f"Demo data loaded: {len(clinics)} clinics, {Patient.objects.count()} patients, "
                f"{Screening.objects.count()} screenings, "
                f"{SignedConsent.objects.count()} signed consents, "
                f"{Assessment.objects.count()} assessments, "
                f"{Product.objects.count()} example products, {Course.objects.count()} courses, "
                f"{TreatmentSession.objects.count()} charted sessions, "
                f"{AdverseEvent.objects.count()} adverse events, "
                f"{Appointment.objects.count()} booked appointments, "
                f"{Recall.objects.count()} maintenance recalls."
            )
        if users.filter(username__in=LOGINS).exists():
            self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}): " + ", ".join(LOGINS))
        patient_login = demo_patient_login()
        if patient_login is not None:
            self.stdout.write(
                f"Demo patient portal at /portal/: {patient_login} (password {DEMO_PASSWORD})"
            )
