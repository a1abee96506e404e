"""Forms for the rota pages. They only read input; the rules live in the services."""

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.forms import formset_factory

from mesoclinic.clinics.forms import TIME_INPUT, WeeklySpanForm
from mesoclinic.clinics.models import Room
from mesoclinic.pages.dates import DayField
from mesoclinic.rota.members import display_name
from mesoclinic.rota.models import AbsenceKind

DAY_INPUT = forms.DateInput(attrs={"type": "date"})


class ShiftForm(WeeklySpanForm):
    TIMES = (
        ("starts", "Give the time the shift starts."),
        ("ends", "Give the time the shift ends."),
    )

    starts = forms.TimeField(label="Starts", required=False, widget=TIME_INPUT)
    ends = forms.TimeField(label="Ends", required=False, widget=TIME_INPUT)


ShiftFormSet = formset_factory(ShiftForm, extra=3)


class AbsenceForm(forms.Form):
    practitioner = forms.TypedChoiceField(label="Who", coerce=int)
    first_day = DayField(label="First day away", widget=DAY_INPUT)
    last_day = DayField(label="Last day away", widget=DAY_INPUT)
    kind = forms.ChoiceField(label="Kind", choices=AbsenceKind.choices)

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["practitioner"]).choices = [
            (person.pk, display_name(person)) for person in people
        ]


class RoomClosureForm(forms.Form):
    room = forms.TypedChoiceField(label="Room", coerce=int)
    first_day = DayField(label="First day", widget=DAY_INPUT)
    last_day = DayField(label="Last day", widget=DAY_INPUT)
    reason = forms.CharField(max_length=200, label="Reason", help_text="Such as repairs.")

    def __init__(self, *args: Any, rooms: list[Room], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["room"]).choices = [
            (room.pk, room.name) for room in rooms
        ]
