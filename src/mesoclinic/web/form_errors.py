"""A service's refusal shown on the form that asked for the change."""

from django import forms
from django.core.exceptions import ValidationError


def apply_errors(error: ValidationError, form: forms.BaseForm) -> None:
    """Put each message beside the field it names, or above the form when it names none
    (or a field the form does not have)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
