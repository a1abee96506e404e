"""A field's widget tied to the messages shown beside it.

Every field has an error slot that is always on the page (empty when all is well), so a
live form can refill it without touching the input, and a screen reader reads the
messages with the field because the widget names the slot in `aria-describedby`.
"""

from django import template
from django.forms import BaseForm, BoundField
from django.utils.safestring import SafeString

register = template.Library()


def errors_id(field: BoundField) -> str:
    return f"{field.auto_id}-errors"


def described_by(field: BoundField) -> str:
    ids = [f"{field.auto_id}_helptext"] if field.help_text else []
    return " ".join([*ids, errors_id(field)])


@register.filter
def error_slot_id(field: BoundField) -> str:
    return errors_id(field)


@register.filter
def describedby(field: BoundField) -> str:
    return described_by(field)


@register.simple_tag
def described_widget(field: BoundField) -> SafeString:
    """The widget, naming its hint and error slot. A group of radios or checkboxes is
    described on its fieldset instead (field.html does that), as Django does."""
    if field.use_fieldset or field.is_hidden:
        return field.as_widget()
    return field.as_widget(attrs={"aria-describedby": described_by(field)})


@register.filter
def summary_errors(form: BaseForm) -> list[str]:
    """The messages shown above a form: those about the whole form, and those of its hidden
    fields, which have no place of their own on the page."""
    messages = [str(error) for error in form.non_field_errors()]
    for field in form.hidden_fields():
        messages += [str(error) for error in field.errors]
    return messages
