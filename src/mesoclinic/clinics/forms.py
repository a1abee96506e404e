"""Forms for the clinic setup pages. They only read input; the rules live in the services."""

from typing import Any

from django import forms
from django.forms import formset_factory

from mesoclinic.clinics.models import (
    ADDRESS_LINE_MAX_LENGTH,
    ADDRESS_MAX_LENGTH,
    ADDRESS_MAX_LINES,
    DateOrder,
    OpeningHours,
    PaperSize,
    Role,
)
from mesoclinic.clinics.services import MAX_BUFFER_MINUTES, SLOT_MINUTES
from mesoclinic.pages.dates import DayField

PACKAGED, OWN_FILE = "packaged", "file"


class ClinicSettingsForm(forms.Form):
    name = forms.CharField(max_length=200, label="Clinic name")
    time_zone = forms.CharField(
        max_length=64,
        label="Time zone",
        help_text="A time zone name such as Europe/London: times are shown in this zone.",
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
    )
    protocol_source = forms.ChoiceField(
        label="Protocol",
        choices=[
            (PACKAGED, "The installation's protocol"),
            (OWN_FILE, "The clinic's own protocol file"),
        ],
        widget=forms.RadioSelect,
    )
    protocol_path = forms.CharField(
        max_length=500,
        required=False,
        label="Path of the clinic's protocol file",
        help_text=(
            "The full path of a .toml file on the server. It is checked before it is used; "
            "errors name the file, line and reason."
        ),
    )

    # Not required: a form without them (an older page, a script) keeps the saved values.
    buffer_minutes = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_BUFFER_MINUTES,
        label="Buffer after each appointment (minutes)",
        help_text="Minutes kept free after each appointment for the practitioner and the "
        "room, for cleaning and notes. The next booking of either starts after it.",
    )
    slot_minutes = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(minutes, f"Every {minutes} minutes") for minutes in SLOT_MINUTES],
        label="Booking grid",
        help_text="The grid appointments start on, counted from opening time: with 15 "
        "minutes, a session may start at 09:00, 09:15, 09:30 and so on.",
    )

    # Not required either, for the same reason; the service checks and normalises them.
    country = forms.CharField(
        required=False,
        max_length=2,
        label="Country",
        help_text="Two letters, such as GB or IE: phone numbers without + are read as "
        "dialled in this country.",
        widget=forms.TextInput(attrs={"list": "countries", "autocomplete": "off", "size": 4}),
    )
    date_order = forms.ChoiceField(
        required=False,
        choices=DateOrder.choices,
        label="Dates are written",
        help_text="How staff type a date of birth in the patient search.",
    )
    phone = forms.CharField(
        required=False,
        max_length=40,
        label="Clinic phone number",
        help_text="The number patients call; the aftercare text gives it.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    postal_address = forms.CharField(
        required=False,
        max_length=ADDRESS_MAX_LENGTH,
        label="Postal address",
        help_text=f"As on a letter, at most {ADDRESS_MAX_LINES} lines of "
        f"{ADDRESS_LINE_MAX_LENGTH} characters: printed on every document for patients.",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40}),
    )
    paper_size = forms.ChoiceField(
        required=False,
        choices=PaperSize.choices,
        label="Paper size",
        help_text="The paper the clinic prints patient documents on.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("protocol_source") == OWN_FILE and not data.get("protocol_path", "").strip():
            self.add_error("protocol_path", "Give the path of the clinic's protocol file.")
        return data

    def given(self, name: str) -> str | None:
        """A field's text, or None when the form did not send it (keep the saved value)."""
        return str(self.cleaned_data[name]) if name in self.data else None

    def valid_settings(self) -> dict[str, Any]:
        """The settings that passed this form, for the service to check while the others
        still need fixing."""
        data = self.cleaned_data
        fields = ("name", "time_zone", "buffer_minutes", "slot_minutes")
        values = {name: data[name] for name in fields if name in data}
        if data.get("protocol_source") == OWN_FILE and "protocol_path" in data:
            values["protocol_path"] = data["protocol_path"]
        for name in ("country", "date_order", "phone", "postal_address", "paper_size"):
            if name in data:
                values[name] = self.given(name)
        return values

    def chosen_protocol_path(self) -> str:
        """The path to save: empty for the installation's protocol."""
        if self.cleaned_data["protocol_source"] == OWN_FILE:
            return str(self.cleaned_data["protocol_path"])
        return ""


class WeeklySpanForm(forms.Form):
    """One span of a weekly pattern: opening hours, or a practitioner's shifts. A row left
    blank is ignored; a row marked remove is dropped. Subclasses add the two times, named
    in `TIMES` with the message for each when a row gives the day but not that time."""

    TIMES: tuple[tuple[str, str], tuple[str, str]]

    weekday = forms.TypedChoiceField(
        label="Day",
        choices=[("", "—"), *OpeningHours.WEEKDAYS],
        coerce=int,
        required=False,
        empty_value=None,
    )
    remove = forms.BooleanField(label="Remove", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remove") or self.is_blank():
            return data
        for field, message in (("weekday", "Choose a day of the week."), *self.TIMES):
            if data.get(field) is None and field not in self.errors:
                self.add_error(field, message)
        return data

    def _names(self) -> list[str]:
        return ["weekday", *(name for name, _message in self.TIMES)]

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return all(data.get(field) is None for field in self._names())

    def kept(self) -> bool:
        """A valid row to save: neither blank nor marked remove."""
        return not self.cleaned_data.get("remove") and not self.is_blank()

    def values(self) -> tuple[Any, ...]:
        """Weekday, start and end, for a kept row."""
        return tuple(self.cleaned_data[name] for name in self._names())

    def in_order(self) -> list[forms.BoundField]:
        """The row's fields as the page shows them: day, start, end, remove."""
        return [self[name] for name in [*self._names(), "remove"]]


def kept_rows(formset: forms.BaseFormSet) -> list[WeeklySpanForm]:
    return [form for form in formset.forms if form.kept()]


TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SpanForm(WeeklySpanForm):
    TIMES = (("opens", "Give the opening time."), ("closes", "Give the closing time."))

    opens = forms.TimeField(label="Opens", required=False, widget=TIME_INPUT)
    closes = forms.TimeField(label="Closes", required=False, widget=TIME_INPUT)


SpanFormSet = formset_factory(SpanForm, extra=3)


class ClosureForm(forms.Form):
    first_day = DayField(label="First day", widget=forms.DateInput(attrs={"type": "date"}))
    last_day = DayField(label="Last day", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(max_length=200, label="Reason", help_text="Such as a public holiday.")


class RoomForm(forms.Form):
    name = forms.CharField(max_length=100, label="Room name")


class RoomEditForm(RoomForm):
    active = forms.BooleanField(
        required=False, label="In use (a room no longer used is kept for its past bookings)"
    )


class NewStaffForm(forms.Form):
    username = forms.CharField(max_length=150, label="Username")
    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name")
    email = forms.EmailField(label="Email", required=False)
    password = forms.CharField(
        label="Initial password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters, not a common password. Tell it to the person "
        "in private.",
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices)

    def valid_details(self) -> dict[str, str]:
        """The account's details that passed this form, for the service to check while
        others still need fixing."""
        details = ("username", "first_name", "last_name", "email", "password")
        return {name: self.cleaned_data[name] for name in details if name in self.cleaned_data}


class ExistingStaffForm(forms.Form):
    username = forms.CharField(max_length=150, label="Username of the existing account")
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    active = forms.BooleanField(required=False, label="Has this role here")
