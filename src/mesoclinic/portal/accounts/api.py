"""The portal accounts' endpoints. Staff: invite a patient (as they would edit her record),
and read or set a clinic's portal settings (its admins). The patient: her account, and a new
password. Another clinic's records answer 404."""

from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field

from mesoclinic.audit.actor import actor_from
from mesoclinic.domain.errors import DomainError
from mesoclinic.portal.access import portal_account, portal_actor, portal_read
from mesoclinic.portal.accounts.clinic_settings import portal_settings_read, portal_settings_update
from mesoclinic.portal.accounts.services import account_change_password, account_invite
from mesoclinic.portal.models import PatientAccount, PortalSettings, WaitlistOrder
from mesoclinic.validation import Id, Line

staff_router = Router(tags=["portal accounts"])
patient_router = Router(tags=["portal"])


def _refused(error: ModelValidationError) -> DomainError:
    """Every field's refusal at once, as the API's other 422s read."""
    messages = {field: " ".join(texts) for field, texts in error.message_dict.items()}
    field, message = next(iter(messages.items()))
    refusal = DomainError(field, message)
    refusal.errors = messages  # type: ignore[attr-defined]
    return refusal


class PortalInvitationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    email: Line = Field(max_length=254, description="The address she will sign in with.")


class PortalAccountOut(Schema):
    patient_id: int
    email: str
    password_set: bool = Field(description="False until she sets one from the invitation.")


def _account_out(account: PatientAccount) -> PortalAccountOut:
    return PortalAccountOut(
        patient_id=account.patient_id,
        email=account.email,
        password_set=account.user.has_usable_password(),
    )


@staff_router.post("/patients/{patient_id}/portal-invitation", response={201: PortalAccountOut})
def invite_patient(
    request: HttpRequest, patient_id: Id, payload: PortalInvitationIn
) -> Status[object]:
    """Makes her portal account if she has none and emails her a link to set a password
    (valid 7 days, works once). Sent again, a fresh link; an address another patient's
    account uses is refused."""
    try:
        account = account_invite(
            actor=actor_from(request, via="api"), patient_id=patient_id, email=payload.email
        )
    except ModelValidationError as error:
        raise _refused(error) from error
    return Status(201, _account_out(account))


class PortalSettingsBody(Schema):
    model_config = ConfigDict(extra="forbid")
    online_booking: bool = Field(description="Patients may book online.")
    online_practitioners: list[int] = Field(
        description="Ids of the clinic's practitioners patients may book online; none means none."
    )
    book_days_ahead: int = Field(description="How far ahead patients may book, 1 to 730 days.")
    first_session_by_staff: bool = Field(
        description="The course's first session is booked by staff (a consultation first)."
    )
    cancel_hours_before: int = Field(
        description="Online moving and cancelling closes this many hours before, 0 to 336."
    )
    reminder_hours_before: int = Field(
        description="Reminder emails go this many hours before, 0 (none) to 336."
    )
    waitlist_order: WaitlistOrder


def _settings_out(row: PortalSettings) -> PortalSettingsBody:
    chosen = sorted(row.online_practitioners.values_list("pk", flat=True)) if row.pk else []
    return PortalSettingsBody(
        online_booking=row.online_booking,
        online_practitioners=chosen,
        book_days_ahead=row.book_days_ahead,
        first_session_by_staff=row.first_session_by_staff,
        cancel_hours_before=row.cancel_hours_before,
        reminder_hours_before=row.reminder_hours_before,
        waitlist_order=WaitlistOrder(row.waitlist_order),
    )


@staff_router.get("/clinics/{clinic_id}/portal-settings", response=PortalSettingsBody)
def read_portal_settings(request: HttpRequest, clinic_id: Id) -> PortalSettingsBody:
    """The clinic's portal settings (its defaults if never saved). Clinic admins only."""
    actor = actor_from(request, via="api")
    return _settings_out(portal_settings_read(actor=actor, clinic_id=clinic_id))


@staff_router.put("/clinics/{clinic_id}/portal-settings", response=PortalSettingsBody)
def set_portal_settings(
    request: HttpRequest, clinic_id: Id, payload: PortalSettingsBody
) -> PortalSettingsBody:
    """Sets every portal setting at once. Clinic admins only."""
    fields = payload.model_dump()
    chosen = fields.pop("online_practitioners")
    try:
        row = portal_settings_update(
            actor=actor_from(request, via="api"),
            clinic_id=clinic_id,
            online_practitioner_ids=chosen,
            **fields,
        )
    except ModelValidationError as error:
        raise _refused(error) from error
    return _settings_out(row)


class PortalMyAccountOut(Schema):
    email: str


@patient_router.get("", response=PortalMyAccountOut)
def my_account(request: HttpRequest) -> PortalMyAccountOut:
    portal_read(request, "portal account")
    return PortalMyAccountOut(email=portal_account(request).email)


class PortalPasswordIn(Schema):
    model_config = ConfigDict(extra="forbid")
    current_password: str = Field(max_length=4096)
    new_password: str = Field(max_length=4096)


@patient_router.post("/password", response={204: None})
def change_my_password(request: HttpRequest, payload: PortalPasswordIn) -> Status[None]:
    """Her current password first; the new one meets the clinic's password rules."""
    account = portal_account(request)
    try:
        account_change_password(
            actor=portal_actor(request),
            account=account,
            current=payload.current_password,
            new=payload.new_password,
        )
    except ModelValidationError as error:
        raise _refused(error) from error
    update_session_auth_hash(request, account.user)
    return Status(204, None)
