"""Patient endpoints. Searching sends the words in a POST body, so names, birth dates and
phone numbers stay out of URLs (and out of the logs that keep them)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as ModelValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field

from mesoclinic.access import Capability, access_patient, clinic_ids_for
from mesoclinic.audit.actor import actor_from
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.duplicates import PossibleDuplicates
from mesoclinic.patients.models import Sex
from mesoclinic.patients.selectors import patient_search
from mesoclinic.patients.services import patient_create, patient_update
from mesoclinic.validation import Day, Id, Line

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
    given_name: Line = Field(min_length=1, max_length=100)
    family_name: Line = Field(min_length=1, max_length=100)
    date_of_birth: Day
    sex: Sex = Sex.FEMALE
    phone: Line = Field(
        default="",
        max_length=40,
        description="As dialled in the clinic's country, or international with +; "
        "stored and returned in E.164.",
    )
    email: Line | None = Field(default=None, max_length=254)
    preferred_language: Line = Field(default="en", max_length=35)
    may_contact: bool = False
    different_person: bool = Field(
        default=False,
        description="True once the caller has checked the look-alikes a 409 named and this "
        "is a different person; the look-alikes are not checked again.",
    )


class LookAlikeOut(Schema):
    """Enough to recognise her: the caller is staff of her clinic."""

    id: int
    given_name: str
    family_name: str
    date_of_birth: date


class LookAlikesOut(Schema):
    errors: dict[str, str]
    detail: str
    duplicates: list[LookAlikeOut]


def _left_out() -> Any:
    return None


class PatientPatch(Schema):
    """Only the fields sent change. None of them can be null: a left-out field stays as
    it is, and an email is cleared with empty text."""

    model_config = ConfigDict(extra="forbid")
    # Defaults are never validated, so a null sent is refused by the field's type, while
    # a field left out is simply not among the fields set (and never read).
    given_name: Line = Field(default_factory=_left_out, min_length=1, max_length=100)
    family_name: Line = Field(default_factory=_left_out, min_length=1, max_length=100)
    date_of_birth: Day = Field(default_factory=_left_out)
    sex: Sex = Field(default_factory=_left_out)
    phone: Line = Field(default_factory=_left_out, max_length=40)
    email: Line = Field(default_factory=_left_out, max_length=254)
    preferred_language: Line = Field(default_factory=_left_out, max_length=35)
    may_contact: bool = Field(default_factory=_left_out)
    different_person: bool = Field(
        default=False,
        description="True once the caller has checked the look-alikes a 409 named and this "
        "is a different person. A change of name, birth date or phone that makes her look "
        "like another patient of the clinic is answered 409 until then.",
    )


class SearchIn(Schema):
    model_config = ConfigDict(extra="forbid")
    q: Line = Field(
        default="",
        max_length=200,
        description='Words of the name in any order (or "Family, Given"), a date of birth '
        "(as the clinic writes it, or YYYY-MM-DD) or a phone number. A date that is no date "
        "is refused (422). Empty: the first patients of the caller's clinics.",
    )


def _look_alikes_answer(refusal: PossibleDuplicates) -> Status[object]:
    return Status(
        409,
        {
            "errors": {refusal.field: refusal.message},
            "detail": refusal.message,
            "duplicates": refusal.candidates,
        },
    )


def _raise_as_domain_error(error: ModelValidationError) -> None:
    field, messages = next(iter(error.message_dict.items()))
    raise DomainError(field, " ".join(messages)) from error


@router.get("", response=list[PatientOut])
def list_patients(request: HttpRequest) -> list[object]:
    """The first patients of the caller's clinics. To search, POST /patients/search."""
    if "q" in request.GET:
        raise DomainError(
            "q", 'Search with POST /api/v1/patients/search and {"q": ...}: names stay out of URLs.'
        )
    return list(patient_search(actor_from(request, via="api")))


@router.post("/search", response=list[PatientOut])
def search_patients(request: HttpRequest, payload: SearchIn) -> list[object]:
    """Search by name, date of birth (as the clinic writes it, or YYYY-MM-DD) or phone
    (however it is typed), sent in the body so that none of it reaches a URL or a log."""
    return list(patient_search(actor_from(request, via="api"), payload.q))


@router.get("/{patient_id}", response=PatientOut)
def read_patient(request: HttpRequest, patient_id: Id) -> object:
    return access_patient(actor_from(request, via="api"), patient_id)


@router.post("", response={201: PatientOut, 409: LookAlikesOut})
def create_patient(
    request: HttpRequest, payload: PatientIn, clinic: Id | None = None
) -> Status[object]:
    """Creates the patient at the caller's clinic; a caller with several clinics names one.
    A patient who looks like one the clinic has (the same name, the same birth date and
    name, or the same phone) is answered 409 with the look-alikes, until the request is
    sent again with `different_person: true`."""
    actor = actor_from(request, via="api")
    if clinic is None:
        clinics = clinic_ids_for(actor, Capability.DEMOGRAPHICS)
        if not clinics:
            raise DomainError("clinic", "You do not work at a clinic where you may add patients.")
        if len(clinics) > 1:
            raise DomainError("clinic", "You work at several clinics: add ?clinic=ID for one.")
        clinic = clinics[0]
    fields = payload.model_dump()
    fields["email"] = fields["email"] or ""
    try:
        return Status(201, patient_create(actor=actor, clinic_id=clinic, **fields))
    except PossibleDuplicates as refusal:
        return _look_alikes_answer(refusal)
    except ModelValidationError as error:
        _raise_as_domain_error(error)
        raise


@router.patch("/{patient_id}", response={200: PatientOut, 409: LookAlikesOut})
def amend_patient(request: HttpRequest, patient_id: Id, payload: PatientPatch) -> Status[object]:
    """Changes only the fields sent. A change of name, birth date or phone that makes her
    look like another patient of her clinic is answered 409 with the look-alikes, until the
    request is sent again with `different_person: true`."""
    actor = actor_from(request, via="api")
    patient = access_patient(actor, patient_id)
    try:
        return Status(
            200,
            patient_update(actor=actor, patient=patient, **payload.model_dump(exclude_unset=True)),
        )
    except PossibleDuplicates as refusal:
        return _look_alikes_answer(refusal)
    except ModelValidationError as error:
        _raise_as_domain_error(error)
        raise
