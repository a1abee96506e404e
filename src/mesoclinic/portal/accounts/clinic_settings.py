"""A clinic admin sets what the clinic's patients may do online (`PortalSettings`)."""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from mesoclinic.access import Capability, access_clinic
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic, Role
from mesoclinic.clinics.selectors import access_setup_clinic
from mesoclinic.portal.models import PortalSettings, settings_for

SETTING_FIELDS = (
    "online_booking",
    "book_days_ahead",
    "first_session_by_staff",
    "cancel_hours_before",
    "reminder_hours_before",
    "waitlist_order",
)


def clinic_practitioners(clinic: Clinic) -> list[User]:
    """The practitioners a clinic may offer online: its active practitioners."""
    return list(
        User.objects.filter(
            memberships__clinic=clinic,
            memberships__role=Role.PRACTITIONER,
            memberships__active=True,
            is_active=True,
        ).order_by("last_name", "first_name", "username")
    )


# The table's constraints, said in words beside the field they concern.
LIMITS = {
    "book_days_ahead": (1, 730, "Between 1 and 730 days (two years)."),
    "cancel_hours_before": (0, 336, "Between 0 and 336 hours (two weeks)."),
    "reminder_hours_before": (0, 336, "Between 0 and 336 hours (two weeks); 0 sends none."),
}


# Online booking with nobody to book offers patients nothing: said beside the practitioners.
NO_PRACTITIONER_ONLINE = (
    "Choose at least one practitioner patients may book online, or turn online booking off."
)


def settings_errors(
    row: PortalSettings, *, chosen: set[int], allowed: set[int]
) -> dict[str, list[str]]:
    """Every refusal at once, one message per field, in the clinic's words."""
    errors: dict[str, list[str]] = {}
    try:
        row.full_clean(exclude=["clinic"], validate_constraints=False)
    except ValidationError as error:
        errors = error.message_dict
    for name, (low, high, message) in LIMITS.items():
        value = getattr(row, name)
        if not (isinstance(value, int) and low <= value <= high):
            # In place of the field's generic "Ensure this value is…", which says less.
            errors[name] = [message]
    if not chosen <= allowed:
        errors["online_practitioners"] = ["Choose among this clinic's practitioners."]
    elif row.online_booking and not chosen:
        errors["online_practitioners"] = [NO_PRACTITIONER_ONLINE]
    return errors


def portal_settings_read(*, actor: Actor, clinic_id: int) -> PortalSettings:
    """The clinic's settings (its defaults if never saved), for its admins only."""
    return settings_for(access_setup_clinic(actor, clinic_id, "portal settings").id)


def portal_settings_update(
    *, actor: Actor, clinic_id: int, online_practitioner_ids: list[int], **fields: Any
) -> PortalSettings:
    """Saves every setting given; the practitioners must be this clinic's practitioners, and
    online booking needs at least one of them."""
    unknown = set(fields) - set(SETTING_FIELDS)
    if unknown:
        raise TypeError(f"Not a portal setting: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        row, _ = PortalSettings.objects.select_for_update().get_or_create(clinic=clinic)
        for name, value in fields.items():
            setattr(row, name, value)
        allowed = {user.pk: user for user in clinic_practitioners(clinic)}
        chosen = set(online_practitioner_ids)
        errors = settings_errors(row, chosen=chosen, allowed=set(allowed))
        if errors:
            raise ValidationError(errors)
        row.save()
        row.online_practitioners.set([allowed[pk] for pk in sorted(chosen)])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target="portal settings",
            clinic_id=clinic.id,
        )
    return row
