"""Finding patients: search within the actor's clinics (look-alikes: `duplicates.py`).

A search text is read the way each clinic writes: a date in the clinic's date order
("20/02/1996" at a day-first clinic) and a phone number as the clinic's country dials it,
through the same normaliser that stored the number. A name is any of its words in any
order, or "Family, Given" as the patient list writes it. Text written like a date that is
no date ("31/02/1996") is refused, so the page and the API can say so rather than
report that no patient matches.
"""

import re
from datetime import date

from django.db import models, transaction
from django.db.models import Q

from mesoclinic.access import Capability, access_patients, clinic_ids_for
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic, DateOrder
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.duplicates import phone_digits
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.phone import phone_query

_WRITTEN_DATE = re.compile(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})")
# Where the day, month and year stand in a date written in each order.
_POSITIONS = {
    DateOrder.DAY_FIRST: (0, 1, 2),
    DateOrder.MONTH_FIRST: (1, 0, 2),
    DateOrder.YEAR_FIRST: (2, 1, 0),
}


def written_date(text: str, order: str) -> date | None:
    """A date typed as a clinic writes it; a four-digit year first is always read as
    year-month-day. None for anything else (two-digit years are ambiguous)."""
    match = _WRITTEN_DATE.fullmatch(text.strip())
    if match is None:
        return None
    parts = match.groups()
    if len(parts[0]) == 4:
        order = DateOrder.YEAR_FIRST
    day_at, month_at, year_at = _POSITIONS[DateOrder(order)]
    if len(parts[year_at]) != 4:
        return None
    try:
        return date(int(parts[year_at]), int(parts[month_at]), int(parts[day_at]))
    except ValueError:
        return None


def _not_a_date(query: str, clinics: list[Clinic]) -> str:
    """Why a text written like a date is no date, in the words of the clinics' date order."""
    parts = _WRITTEN_DATE.fullmatch(query)
    if parts is not None and not any(len(part) == 4 for part in parts.groups()):
        return f"{query} is not a date this search can read: write the year with four digits."
    orders = {DateOrder(clinic.date_order) for clinic in clinics}
    if len(orders) == 1:
        (order,) = orders
        return f"{query} is not a date: dates are read {order.label.lower()}."
    return f"{query} is not a date in any of your clinics' date orders."


def _name_filter(query: str) -> Q:
    """Every word in the given or family name; "Family, Given" keeps each side to its own."""
    family, comma, given = query.partition(",")
    words: list[tuple[str, tuple[str, ...]]]
    if not comma:
        words = [(word, ("given_name", "family_name")) for word in query.split()]
    else:
        words = [(word, ("family_name",)) for word in family.split()]
        words += [(word, ("given_name",)) for word in given.replace(",", " ").split()]
    condition = Q()
    for word, fields in words:
        either = Q(pk__in=[])
        for field in fields:
            either |= Q(**{f"{field}__icontains": word})
        condition &= either
    return condition


def _search_filter(query: str, clinics: list[Clinic]) -> Q:
    query = " ".join(query.split())
    by_clinic = Q(pk__in=[])
    recognised = False
    for clinic in clinics:
        born = written_date(query, clinic.date_order)
        number = None if born else phone_query(query, clinic.country)
        if born:
            by_clinic |= Q(clinic_id=clinic.id, date_of_birth=born)
        elif number:
            by_clinic |= Q(clinic_id=clinic.id, phone_digits=phone_digits(number))
        recognised = recognised or bool(born or number)
    if recognised:
        return by_clinic
    if _WRITTEN_DATE.fullmatch(query):
        raise DomainError("q", _not_a_date(query, clinics))
    digits = phone_digits(query)
    if len(digits) >= 4 and len(digits) >= len(query.replace(" ", "").replace("+", "")) - 1:
        # A part of a number ("911889"): matched in the stored digits.
        return Q(phone_digits__contains=digits)
    return _name_filter(query)


def patient_search(actor: Actor, query: str = "", limit: int = 50) -> list[Patient]:
    """By name (any words, any order, or "Family, Given"), date of birth (as the clinic
    writes it, or YYYY-MM-DD) or phone (whole, however typed, or a part of its digits).
    Raises DomainError on "q" for text written like a date that is no date."""
    patients: models.QuerySet[Patient] = access_patients(actor, Capability.DEMOGRAPHICS).filter(
        status=RecordStatus.ACTIVE
    )
    clinic_ids = clinic_ids_for(actor, Capability.DEMOGRAPHICS)
    if query.strip():
        clinics = list(Clinic.objects.filter(id__in=clinic_ids))
        patients = patients.filter(_search_filter(query, clinics))
    with transaction.atomic():
        found = list(patients.select_related("clinic")[:limit])
        # One row per clinic searched, so each clinic's admin sees the search in its trail.
        for clinic_id in clinic_ids:
            audit_record(
                actor=actor, action=Action.READ, target="patient search", clinic_id=clinic_id
            )
    return found
