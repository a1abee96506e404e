"""A date typed on a page, refused beside its field when it is outside 1900–2100 with the
same words the API and the services use: such a date is a typing mistake, and day
arithmetic on year 9999 would overflow further on."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from mesoclinic.domain.plausible import date_problem


def plausible_date(value: date) -> None:
    if (problem := date_problem(value)) is not None:
        raise ValidationError(problem, code="implausible")


class DayField(forms.DateField):
    """A calendar day between 1900 and 2100, typed in the browser's date input."""

    default_validators = [plausible_date]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(**kwargs)
