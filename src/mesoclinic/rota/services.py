"""Changes to the rota, each in one transaction with its audit row.

Shifts and room closures are clinic setup: admins only. Absences are part of the
schedule: admins and front desk record them for anyone on the rota, a practitioner for
herself. Anyone else gets the same 404 as for a clinic that does not exist.

Audit targets name rows by id ("absence 4"), never the kind of absence: sickness is a
person's health.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from mesoclinic.access import Capability, access_clinic
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic, OpeningHours, Role
from mesoclinic.clinics.services import (
    WEEKDAY_NAMES,
    Span,
    SpanProblem,
    opening_hours_problems,
    refuse_bad_closure,
)
from mesoclinic.domain.plausible import date_problem
from mesoclinic.rota.members import rota_member_or_404, rota_role
from mesoclinic.rota.models import Absence, AbsenceKind, RoomClosure, Shift

# The opening-hours checker names its fields after opening hours.
_SHIFT_FIELD = {"weekday": "weekday", "opens": "starts", "closes": "ends"}


@dataclass(frozen=True)
class ShiftSpan:
    """The practitioner works on `weekday` (0 is Monday) from `starts` to `ends`, local time."""

    weekday: int
    starts: time
    ends: time


class ShiftsError(ValidationError):
    """Spans that cannot be saved, each problem naming the span and field it concerns."""

    def __init__(self, problems: list[SpanProblem]) -> None:
        self.problems = problems
        super().__init__([problem.message for problem in problems])

    def by_field(self) -> dict[str, str]:
        """Messages keyed "spans.2.ends", as the API names the fields of a request."""
        keyed: dict[str, list[str]] = {}
        for problem in self.problems:
            keyed.setdefault(f"spans.{problem.index}.{problem.field}", []).append(problem.message)
        return {key: " ".join(messages) for key, messages in keyed.items()}


def _merged(spans: Iterable[tuple[time, time]]) -> list[tuple[time, time]]:
    """Opening spans of one day with touching ones joined: 09–12 and 12–17 is 09–17."""
    merged: list[tuple[time, time]] = []
    for opens, closes in sorted(spans):
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return merged


def _hours_text(day: list[tuple[time, time]]) -> str:
    return " and ".join(f"{opens:%H:%M}–{closes:%H:%M}" for opens, closes in day)


def shift_problems(
    spans: Sequence[ShiftSpan], opening: Mapping[int, Iterable[tuple[time, time]]]
) -> list[SpanProblem]:
    """Each shift must start before it ends, not overlap another shift of the same day,
    and lie inside one stretch of the clinic's opening hours for that day."""
    problems = [
        SpanProblem(
            problem.index,
            _SHIFT_FIELD[problem.field],
            "A shift must end after it starts." if problem.field == "closes" else problem.message,
        )
        for problem in opening_hours_problems(
            [Span(span.weekday, span.starts, span.ends) for span in spans]
        )
    ]
    flagged = {problem.index for problem in problems}
    for index, span in enumerate(spans):
        if index in flagged:
            continue
        day = _merged(opening.get(span.weekday, []))
        if not day:
            problems.append(
                SpanProblem(
                    index, "weekday", f"The clinic is closed on {WEEKDAY_NAMES[span.weekday]}s."
                )
            )
        elif not any(opens <= span.starts and span.ends <= closes for opens, closes in day):
            starts_inside = any(opens <= span.starts < closes for opens, closes in day)
            problems.append(
                SpanProblem(
                    index,
                    "ends" if starts_inside else "starts",
                    f"Outside opening hours: on {WEEKDAY_NAMES[span.weekday]} the clinic is "
                    f"open {_hours_text(day)}.",
                )
            )
    return sorted(problems, key=lambda problem: problem.index)


def shifts_set(
    *, actor: Actor, clinic_id: int, practitioner_id: int, spans: Sequence[ShiftSpan]
) -> list[Shift]:
    """Replace the practitioner's weekly pattern at this clinic with these spans."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        member = rota_member_or_404(clinic, practitioner_id, lock=True)
        opening: dict[int, list[tuple[time, time]]] = {}
        for hours in OpeningHours.objects.filter(clinic=clinic):
            opening.setdefault(hours.weekday, []).append((hours.opens, hours.closes))
        problems = shift_problems(spans, opening)
        if problems:
            raise ShiftsError(problems)
        Shift.objects.filter(clinic=clinic, practitioner=member).delete()
        saved = Shift.objects.bulk_create(
            Shift(
                clinic=clinic,
                practitioner=member,
                weekday=span.weekday,
                starts=span.starts,
                ends=span.ends,
            )
            for span in spans
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"shifts of user {member.pk}: {len(saved)} spans",
            clinic_id=clinic.id,
        )
    return saved


# Absences -------------------------------------------------------------------------------


def _check_absence_access(actor: Actor, clinic: Clinic, practitioner_id: int) -> None:
    """A practitioner manages her own absences only; a colleague's are not hers (404)."""
    if rota_role(actor, clinic) == Role.PRACTITIONER and practitioner_id != actor.user.pk:
        raise Http404("No such record.")


def absence_record(
    *,
    actor: Actor,
    clinic_id: int,
    practitioner_id: int,
    first_day: date,
    last_day: date,
    kind: str,
) -> Absence:
    """Whole days the practitioner does not work here, whatever her weekly pattern says."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.DEMOGRAPHICS)
        _check_absence_access(actor, clinic, practitioner_id)
        # Locked, so that two people recording the same days cannot both pass the check.
        member: User = rota_member_or_404(clinic, practitioner_id, lock=True)
        errors: dict[str, str] = {}
        if kind not in AbsenceKind.values:
            errors["kind"] = "Choose the kind of absence."
        for field, day in (("first_day", first_day), ("last_day", last_day)):
            if (problem := date_problem(day)) is not None:
                errors[field] = problem
        if first_day > last_day:
            errors["last_day"] = "The last day cannot be before the first day."
        else:
            overlapping = Absence.objects.filter(
                clinic=clinic,
                practitioner=member,
                cancelled_at__isnull=True,
                first_day__lte=last_day,
                last_day__gte=first_day,
            ).first()
            if overlapping is not None:
                errors["first_day"] = (
                    f"An absence from {overlapping.first_day:%Y-%m-%d} to "
                    f"{overlapping.last_day:%Y-%m-%d} is already recorded: cancel it first "
                    "or choose other days."
                )
        if errors:
            raise ValidationError(errors)
        absence = Absence.objects.create(
            clinic=clinic,
            practitioner=member,
            first_day=first_day,
            last_day=last_day,
            kind=kind,
            recorded_by=actor.user,
        )
        audit_record(
            actor=actor, action=Action.CREATE, target=f"absence {absence.pk}", clinic_id=clinic.id
        )
    return absence


def absence_cancel(*, actor: Actor, clinic_id: int, absence_id: int) -> Absence:
    """The practitioner works on those days after all. The row stays, marked cancelled."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.DEMOGRAPHICS)
        absence = Absence.objects.select_for_update().filter(clinic=clinic, pk=absence_id).first()
        if absence is None:
            raise Http404("No such record.")
        _check_absence_access(actor, clinic, absence.practitioner_id)
        if absence.cancelled_at is not None:
            raise ValidationError({"absence": "This absence is already cancelled."})
        absence.cancelled_at = timezone.now()
        absence.save(update_fields=["cancelled_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"absence {absence.pk} cancelled",
            clinic_id=clinic.id,
        )
    return absence


# Room closures --------------------------------------------------------------------------


def room_closure_add(
    *, actor: Actor, clinic_id: int, room_id: int, first_day: date, last_day: date, reason: str
) -> RoomClosure:
    reason = reason.strip()
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        room = clinic.rooms.filter(pk=room_id).first()
        if room is None:
            raise Http404("No such record.")
        refuse_bad_closure(
            first_day, last_day, reason, "Say why the room is closed, such as repairs."
        )
        closure = RoomClosure.objects.create(
            room=room, first_day=first_day, last_day=last_day, reason=reason
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=f"room closure {closure.pk} of room {room.pk}",
            clinic_id=clinic.id,
        )
    return closure


def room_closure_remove(*, actor: Actor, clinic_id: int, closure_id: int) -> None:
    """A room closure entered by mistake, or cancelled: the room is usable again."""
    with transaction.atomic():
        clinic = access_clinic(actor, clinic_id, Capability.SETUP)
        deleted, _ = RoomClosure.objects.filter(room__clinic=clinic, pk=closure_id).delete()
        if not deleted:
            raise Http404("No such record.")
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"room closure {closure_id} removed",
            clinic_id=clinic.id,
        )
