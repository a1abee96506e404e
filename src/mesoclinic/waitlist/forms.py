"""The waitlist's wishes form, for the desk and the portal alike. It only reads input; the
services check it again against the practitioners each side may choose."""

from typing import Any

from django import forms
from django.contrib.auth.models import User

from mesoclinic.clinics.models import OpeningHours
from mesoclinic.scheduling.model import PartOfDay
from mesoclinic.waitlist.services import Wishes


def name_of(user: User) -> str:
    """A practitioner as the desk's choices and pages name her (the portal names her by
    first name, `portal.online.first_name`, as booking does)."""
    return user.get_full_name() or user.get_username()


class WishesForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        choices=OpeningHours.WEEKDAYS,
        coerce=int,
        required=False,
        label="Which days suit you",
        help_text="Leave all unticked for any day the clinic is open.",
        widget=forms.CheckboxSelectMultiple,
    )
    part_of_day = forms.ChoiceField(
        choices=[("", "Any time"), *((p.value, p.value.capitalize()) for p in PartOfDay)],
        required=False,
        label="Time of day",
        widget=forms.RadioSelect,
        initial="",
    )
    practitioners = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        label="With whom",
        help_text="Leave all unticked for anyone listed.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, practitioners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["practitioners"]
        assert isinstance(field, forms.TypedMultipleChoiceField)  # noqa: S101 - narrows the type
        field.choices = practitioners

    def wishes(self) -> Wishes:
        data = self.cleaned_data
        return Wishes(
            weekdays=frozenset(data.get("weekdays") or ()),
            part_of_day=data.get("part_of_day") or "",
            practitioner_ids=frozenset(data.get("practitioners") or ()),
        )
