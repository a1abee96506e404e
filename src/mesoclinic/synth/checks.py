"""What a synthetic database must hold to be believed, checked in SQL over the whole of it:
each lot's stock is the sum of its movements and no balance went below zero, no
practitioner or room is held twice at once, and every chart is of a patient screened and
consented on or before its day."""

from datetime import timedelta

from django.db.models import Exists, F, OuterRef, Q, Sum

from mesoclinic.appointments.models import HOLDING, Appointment
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.consent.models import SignedConsent
from mesoclinic.formulary.models import Lot, StockMovement
from mesoclinic.planning.protocol import clinic_protocol_at
from mesoclinic.screening.models import Screening


def problems() -> list[str]:
    found: list[str] = []
    sums = Lot.objects.annotate(moved=Sum("movements__quantity_ml")).exclude(moved=F("on_hand_ml"))
    found += [
        f"lot {lot.pk}: stock {lot.on_hand_ml} but movements sum to {lot.moved}" for lot in sums
    ]
    if StockMovement.objects.filter(balance_after_ml__lt=0).exists():
        found.append("a stock movement left a negative balance")
    held = Appointment.objects.filter(status__in=HOLDING)
    for who in ("practitioner", "room"):
        clash = held.filter(
            Exists(
                held.filter(
                    **{who: OuterRef(who)},
                    starts_at__lt=OuterRef("held_until"),
                    held_until__gt=OuterRef("starts_at"),
                ).exclude(pk=OuterRef("pk"))
            )
        )
        found += [
            f"appointment {pk}: its {who} is booked twice"
            for pk in clash.values_list("pk", flat=True)
        ]
    # Current on the day: the protocol's validity (synthetic clinics use the installation's).
    valid = clinic_protocol_at("").screening_valid_days
    screened = Screening.objects.filter(
        patient=OuterRef("patient"),
        taken_on__lte=OuterRef("performed_on"),
        taken_on__gt=OuterRef("performed_on") - timedelta(days=valid),
    )
    consented = SignedConsent.objects.filter(
        patient=OuterRef("patient"), signed_at__date__lte=OuterRef("performed_on")
    )
    unready = TreatmentSession.objects.filter(~Q(Exists(screened)) | ~Q(Exists(consented)))
    found += [
        f"chart {pk}: no current screening or no consent before it"
        for pk in unready.values_list("pk", flat=True)
    ]
    return found
