"""Forms for an appointment's own pages. They only read input; the rules live in the
services."""

from django import forms

from mesoclinic.appointments.models import AppointmentStatus


class CancelForm(forms.Form):
    status = forms.ChoiceField(
        label="What happened",
        choices=[
            (AppointmentStatus.CANCELLED_BY_PATIENT.value, "The patient cancelled"),
            (AppointmentStatus.CANCELLED_BY_CLINIC.value, "The clinic cancelled"),
            (AppointmentStatus.NO_SHOW.value, "The patient did not come"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        max_length=300,
        required=False,
        label="Reason",
        help_text="Required when the clinic cancels. Nothing clinical: it shows on the schedule.",
    )
