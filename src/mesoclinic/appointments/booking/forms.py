"""Forms for the booking pages. They only read input; the rules live in the scheduler and
the services. A chosen plan travels as one token per session so the server re-checks
exactly what the desk saw."""

from datetime import datetime
from typing import Any

from django import forms
from django.http import QueryDict

from mesoclinic.appointments.services import Slot
from mesoclinic.clinics.models import OpeningHours
from mesoclinic.domain.plausible import date_problem
from mesoclinic.scheduling.model import PartOfDay, Preferences

ANY = ""


class PreferencesForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        choices=OpeningHours.WEEKDAYS,
        coerce=int,
        required=False,
        label="Preferred weekdays",
        help_text="Leave all unticked for any day.",
        widget=forms.CheckboxSelectMultiple,
    )
    part_of_day = forms.ChoiceField(
        choices=[(ANY, "Any time"), *((p.value, p.value.capitalize()) for p in PartOfDay)],
        required=False,
        label="Time of day",
    )
    practitioner = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label="Preferred practitioner"
    )

    def __init__(self, *args: Any, practitioners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["practitioner"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - narrows the type
        field.choices = [(ANY, "Anyone"), *practitioners]

    def preferences(self) -> Preferences:
        data = self.cleaned_data
        practitioner = data.get("practitioner")
        return Preferences(
            weekdays=frozenset(data.get("weekdays") or ()),
            part_of_day=PartOfDay(data["part_of_day"]) if data.get("part_of_day") else None,
            practitioner_id=str(practitioner) if practitioner else None,
        )


def slot_token(slot: Slot) -> str:
    """Who, where and when: the ideal date is the server's to derive, so it is not in it."""
    start = slot.start.isoformat(timespec="minutes")
    return f"{slot.number}|{slot.practitioner_id}|{slot.room_id}|{start}"


def parse_slot(token: str) -> Slot:
    """A slot token back, or ValueError: a token is only ever one the page rendered."""
    number, practitioner, room, start = token.split("|")
    when = datetime.fromisoformat(start)
    # The page never offers such a day: the token was edited.
    if date_problem(when.date()) is not None:
        raise ValueError(start)
    return Slot(
        number=int(number),
        practitioner_id=int(practitioner),
        room_id=int(room),
        start=when,
    )


class SlotsForm(forms.Form):
    """A chosen plan or option: the slot tokens the page rendered, in session order."""

    slots = forms.CharField(widget=forms.MultipleHiddenInput)

    def __init__(self, data: QueryDict) -> None:
        super().__init__(data)
        self.tokens = data.getlist("slots")

    def clean_slots(self) -> list[Slot]:
        try:
            return [parse_slot(token) for token in self.tokens]
        except ValueError as error:
            raise forms.ValidationError(
                "The options shown were damaged; search again and choose one."
            ) from error
