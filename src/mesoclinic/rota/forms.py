"""Forms for the rota pages. They only read input; the rules live in the services."""

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.forms import formset_factory

from mesoclinic.clinics.models import OpeningHours, Room
from mesoclinic.rota.members import display_name
from mesoclinic.rota.models import AbsenceKind

DAY_INPUT = forms.DateInput(attrs={"type": "date"})
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ShiftForm(forms.Form):
    """One working span. A row left blank is ignored; a row marked remove is dropped."""

    weekday = forms.TypedChoiceField(
        label="Day",
        choices=[("", "—"), *OpeningHours.WEEKDAYS],
        coerce=int,
        required=False,
        empty_value=None,
    )
    starts = forms.TimeField(label="Starts", required=False, widget=TIME_INPUT)
    ends = forms.TimeField(label="Ends", required=False, widget=TIME_INPUT)
    remove = forms.BooleanField(label="Remove", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remove") or self.is_blank():
            return data
        for field, message in (
            ("weekday", "Choose a day of the week."),
            ("starts", "Give the time the shift starts."),
            ("ends", "Give the time the shift ends."),
        ):
            if data.get(field) is None and field not in self.errors:
                self.add_error(field, message)
        return data

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return all(data.get(field) is None for field in ("weekday", "starts", "ends"))


ShiftFormSet = formset_factory(ShiftForm, extra=3)


class AbsenceForm(forms.Form):
    practitioner = forms.TypedChoiceField(label="Who", coerce=int)
    first_day = forms.DateField(label="First day away", widget=DAY_INPUT)
    last_day = forms.DateField(label="Last day away", widget=DAY_INPUT)
    kind = forms.ChoiceField(label="Kind", choices=AbsenceKind.choices)

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["practitioner"]).choices = [
            (person.pk, display_name(person)) for person in people
        ]


class RoomClosureForm(forms.Form):
    room = forms.TypedChoiceField(label="Room", coerce=int)
    first_day = forms.DateField(label="First day", widget=DAY_INPUT)
    last_day = forms.DateField(label="Last day", widget=DAY_INPUT)
    reason = forms.CharField(max_length=200, label="Reason", help_text="Such as repairs.")

    def __init__(self, *args: Any, rooms: list[Room], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["room"]).choices = [
            (room.pk, room.name) for room in rooms
        ]
