"""The desk's forms on a recall. Only field types are checked here; every rule (who may be
called, what closes a recall, which appointment may be named) is the services'."""

from typing import Any

from django import forms

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import Appointment
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.recall import NO_ANSWER_RETRY_DAYS, NOTE_MAX, REASON_MAX
from mesoclinic.pages.dates import DayField
from mesoclinic.recalls.models import CallOutcome


class RefusalsMixin:
    def show(self, error: DomainError) -> None:
        assert isinstance(self, forms.Form)  # noqa: S101 - narrows the type
        self.add_error(error.field if error.field in self.fields else None, error.message)


def _appointment_label(appointment: Appointment) -> str:
    local = to_wall(appointment.starts_at, appointment.clinic)
    who = appointment.practitioner.get_full_name() or appointment.practitioner.get_username()
    return f"{local:%a %d %b %Y %H:%M}, {who}, {appointment.room.name}"


class CallForm(RefusalsMixin, forms.Form):
    outcome = forms.ChoiceField(
        choices=CallOutcome.choices, widget=forms.RadioSelect, label="Outcome of the call"
    )
    # A plain number under the list, so a choice that is not hers meets the service's own
    # refusal (the one the API gives), not a generic "select a valid choice".
    appointment_id = forms.IntegerField(
        required=False, min_value=1, widget=forms.Select, label="Appointment booked (when booked)"
    )
    next_try_on = DayField(
        required=False,
        label="Try again on (when unanswered)",
        help_text=f"Left empty: {NO_ANSWER_RETRY_DAYS} days from today.",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX,
        required=False,
        label="Note (optional)",
    )

    def __init__(self, *args: Any, appointments: list[Appointment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["appointment_id"].widget
        assert isinstance(widget, forms.Select)  # noqa: S101 - narrows the type
        widget.choices = [
            ("", "Choose the appointment" if appointments else "No upcoming appointment"),
            *((a.id, _appointment_label(a)) for a in appointments),
        ]


class PostponeForm(RefusalsMixin, forms.Form):
    due_on = DayField(label="New due date")
    reason = forms.CharField(max_length=REASON_MAX, label="Reason")
