"""The rule every write that names another row goes through: the row named (a lot, a
product, a room, a practitioner, a course...) belongs to the clinic of the record written.

Scoping by the user's clinics is not enough: a practitioner who works at two clinics may
read both, yet a Riverside chart must never draw on a Hillcrest lot. A row of another clinic
is refused exactly as a row that does not exist, with a message naming the field, so an id
probed from one clinic says nothing about another."""

from collections.abc import Iterable
from typing import TypeVar

from django.db import models

from mesoclinic.domain.errors import DomainError

ModelT = TypeVar("ModelT", bound=models.Model)


def not_at_clinic(field: str, noun: str) -> DomainError:
    return DomainError(field, f"No such {noun} at this clinic: choose one from this clinic's list.")


def rows_at_clinic(
    queryset: models.QuerySet[ModelT],
    *,
    clinic_id: int,
    ids: Iterable[int],
    field: str,
    noun: str,
    clinic_field: str = "clinic_id",
    id_field: str = "pk",
) -> list[ModelT]:
    """The rows with these ids at this clinic, in id order; refused unless every id is one.
    The queryset may carry the caller's locks and joins; `id_field` says what the ids are
    ("user_id" for the people holding a role at the clinic)."""
    wanted = sorted(set(ids))
    at_clinic = queryset.filter(**{clinic_field: clinic_id, f"{id_field}__in": wanted})
    found = list(at_clinic.order_by(id_field))
    if len(found) != len(wanted):
        raise not_at_clinic(field, noun)
    return found


def row_at_clinic(
    queryset: models.QuerySet[ModelT],
    *,
    clinic_id: int,
    pk: int,
    field: str,
    noun: str,
    clinic_field: str = "clinic_id",
) -> ModelT:
    return rows_at_clinic(
        queryset, clinic_id=clinic_id, ids=[pk], field=field, noun=noun, clinic_field=clinic_field
    )[0]
