"""A service's refusals shown on the form that asked for the change: each beside the field
it names, all of them at once, and none twice."""

from collections.abc import Iterable, Mapping

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


def apply_further_errors(form: forms.BaseForm, errors: Mapping[str, str | list[str]]) -> None:
    """A service's check of the fields the form found valid, shown with the form's own
    errors so one submit reports every refusal. A field the form refused keeps its own
    message: the check did not see what was typed there."""
    refused = set(form.errors)
    for field, messages in errors.items():
        if field in refused:
            continue
        for message in [messages] if isinstance(messages, str) else messages:
            add_refusal(form, field, message)
