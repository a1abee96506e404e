"""A service's refusals shown on the form that asked for the change: each beside the field
it names, all of them at once, and none twice."""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_refusal(form: forms.BaseForm, field: str | None, message: str) -> None:
    """`message` beside `field` when the form shows that field, otherwise above the form.
    A message the place already shows is not repeated: a page may ask the service about
    the valid fields first and the form may have said the same."""
    shown = field in form.fields and not form.fields[field].widget.is_hidden
    place = field if shown else None
    if message not in form.errors.get(place or NON_FIELD_ERRORS, []):
        form.add_error(place, message)


def add_refusals(form: forms.BaseForm, refusals: Iterable[tuple[str | None, str]]) -> None:
    for field, message in refusals:
        add_refusal(form, field, message)


def apply_errors(error: ValidationError, form: forms.BaseForm) -> None:
    """Put each message of a service's ValidationError beside the field it names, or above
    the form when it names none (or a field the form does not have)."""
    if not hasattr(error, "error_dict"):
        add_refusals(form, ((None, message) for message in error.messages))
        return
    for field, messages in error.message_dict.items():
        add_refusals(form, ((field, message) for message in messages))
