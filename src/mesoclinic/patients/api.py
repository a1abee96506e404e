from datetime import date

from django.core.exceptions import ValidationError as ModelValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field

from mesoclinic.access import Capability, access_patient, clinic_ids_for
from mesoclinic.audit.actor import actor_from
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import Sex
from mesoclinic.patients.selectors import patient_search
from mesoclinic.patients.services import patient_create, patient_update

router = Router(tags=["patients"])


class PatientOut(Schema):
    id: int
    clinic_id: int
    given_name: str
    family_name: str
    date_of_birth: date
    sex: str
    phone: str
    email: str
    preferred_language: str
    may_contact: bool
    status: str


class PatientIn(Schema):
    # Unknown fields are refused: clinic, author and status belong to the server.
    model_config = ConfigDict(extra="forbid")
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    date_of_birth: date
    sex: Sex = Sex.FEMALE
    phone: str = Field(
        default="",
        max_length=40,
        description="As dialled in the clinic's country, or international with +; "
        "stored and returned in E.164.",
    )
    email: str | None = Field(default=None, max_length=254)
    preferred_language: str = Field(default="en", max_length=35)
    may_contact: bool = False


class PatientPatch(Schema):
    model_config = ConfigDict(extra="forbid")
    given_name: str | None = Field(default=None, min_length=1, max_length=100)
    family_name: str | None = Field(default=None, min_length=1, max_length=100)
    date_of_birth: date | None = None
    sex: Sex | None = None
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=254)
    preferred_language: str | None = Field(default=None, max_length=35)
    may_contact: bool | None = None


def _raise_as_domain_error(error: ModelValidationError) -> None:
    field, messages = next(iter(error.message_dict.items()))
    raise DomainError(field, " ".join(messages)) from error


@router.get("", response=list[PatientOut])
def list_patients(request: HttpRequest, q: str = "") -> list[object]:
    """Search by name, date of birth (as the clinic writes it, or YYYY-MM-DD) or phone
    (however it is typed)."""
    return list(patient_search(actor_from(request, via="api"), q))


@router.get("/{patient_id}", response=PatientOut)
def read_patient(request: HttpRequest, patient_id: int) -> object:
    return access_patient(actor_from(request, via="api"), patient_id)


@router.post("", response={201: PatientOut})
def create_patient(
    request: HttpRequest, payload: PatientIn, clinic: int | None = None
) -> Status[object]:
    """Creates the patient at the caller's clinic; a caller with several clinics names one."""
    actor = actor_from(request, via="api")
    clinics = clinic_ids_for(actor, Capability.DEMOGRAPHICS)
    if clinic is None and len(clinics) != 1:
        raise DomainError("clinic", "You work at several clinics: add ?clinic=ID to choose one.")
    fields = payload.model_dump()
    fields["email"] = fields["email"] or ""
    try:
        return Status(201, patient_create(actor=actor, clinic_id=clinic or clinics[0], **fields))
    except ModelValidationError as error:
        _raise_as_domain_error(error)
        raise


@router.patch("/{patient_id}", response=PatientOut)
def amend_patient(request: HttpRequest, patient_id: int, payload: PatientPatch) -> object:
    actor = actor_from(request, via="api")
    patient = access_patient(actor, patient_id)
    try:
        return patient_update(
            actor=actor, patient=patient, **payload.model_dump(exclude_unset=True)
        )
    except ModelValidationError as error:
        _raise_as_domain_error(error)
        raise
