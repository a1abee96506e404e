"""Every change to a clinic's setup: one transaction, one audit row, and only by an admin of
that clinic. Anyone else gets the same 404 as for a clinic that does not exist.

Audit targets name rows by id ("room 3", "membership 7"), never a person's details.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from itertools import pairwise
from pathlib import Path

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404

from mesoclinic.access import Capability, access_clinic, clinic_ids_for
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.invitations import in_chain, invitation_create
from mesoclinic.clinics.models import (
    ADDRESS_LINE_MAX_LENGTH,
    ADDRESS_MAX_LINES,
    ChainManager,
    Clinic,
    Closure,
    DateOrder,
    Membership,
    OpeningHours,
    PaperSize,
    Role,
    Room,
    validate_time_zone,
)
from mesoclinic.domain.errors import ProtocolError
from mesoclinic.domain.plausible import date_problem, line_problems, text_problem
from mesoclinic.phone import COUNTRIES, PhoneError, phone_e164, phone_message
from mesoclinic.protocols import load_protocol
from mesoclinic.web.services import user_deactivate

WEEKDAY_NAMES = dict(OpeningHours.WEEKDAYS)
# The bounds the clinic table's check constraints enforce, checked here to say why.
MAX_BUFFER_MINUTES = 120
SLOT_MINUTES = (5, 10, 15, 20, 30, 60)


def _setup_clinic(actor: Actor, clinic_id: int) -> Clinic:
    """The clinic, locked for this transaction so that two admins changing staff at once
    cannot both take away the last admin role."""
    clinic = access_clinic(actor, clinic_id, Capability.SETUP)
    return Clinic.objects.select_for_update().get(pk=clinic.pk)


# Clinic settings ------------------------------------------------------------------------


def protocol_file_problem(path: str) -> str | None:
    """Why a clinic's protocol file cannot be used, or None when it loads and checks."""
    if not Path(path).is_absolute():
        return "Give the full path of the file on the server, starting with /."
    if Path(path).suffix != ".toml":
        return "A protocol file is a .toml file."
    try:
        load_protocol(path)
    except ProtocolError as err:
        return str(err)
    return None


def _contact_settings(
    clinic: Clinic,
    country: str | None,
    date_order: str | None,
    phone: str | None,
    errors: dict[str, str],
) -> dict[str, object]:
    """The country, date order and phone to save, each checked; errors are added by field."""
    new: dict[str, object] = {}
    if country is not None:
        country = country.strip().upper()
        if country in COUNTRIES:
            new["country"] = country
        else:
            errors["country"] = "Give the clinic's country as a two-letter code such as GB."
    if date_order is not None:
        if date_order in DateOrder.values:
            new["date_order"] = date_order
        else:
            errors["date_order"] = "Choose how the clinic writes dates."
    if phone is not None:
        region = str(new.get("country", clinic.country))
        try:
            new["phone"] = phone_e164(phone, region)
        except PhoneError:
            errors["phone"] = phone_message(region)
    return new


def postal_address_lines(text: str) -> list[str]:
    """The address as it is printed: each line trimmed, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _document_settings(
    postal_address: str | None, paper_size: str | None, errors: dict[str, str]
) -> dict[str, object]:
    """The postal address and paper size to save, each checked; errors are added by field."""
    new: dict[str, object] = {}
    if postal_address is not None:
        lines = postal_address_lines(postal_address)
        problem = text_problem(postal_address, multiline=True)
        longest = max((len(line) for line in lines), default=0)
        if problem is not None:
            errors["postal_address"] = problem
        elif len(lines) > ADDRESS_MAX_LINES:
            errors["postal_address"] = (
                f"Write the address on at most {ADDRESS_MAX_LINES} lines; it has {len(lines)}."
            )
        elif longest > ADDRESS_LINE_MAX_LENGTH:
            errors["postal_address"] = (
                f"Keep each line of the address to {ADDRESS_LINE_MAX_LENGTH} characters; "
                f"the longest has {longest}."
            )
        else:
            new["postal_address"] = "\n".join(lines)
    if paper_size is not None:
        if paper_size in PaperSize.values:
            new["paper_size"] = paper_size
        else:
            errors["paper_size"] = "Choose A4 or US Letter for the documents printed."
    return new


def clinic_settings_problems(
    *,
    clinic: Clinic,
    name: str | None = None,
    time_zone: str | None = None,
    protocol_path: str | None = None,
    buffer_minutes: int | None = None,
    slot_minutes: int | None = None,
    country: str | None = None,
    date_order: str | None = None,
    phone: str | None = None,
    postal_address: str | None = None,
    paper_size: str | None = None,
) -> dict[str, str]:
    """Why these settings cannot be saved, by field; empty when they can. A value left out
    (None) is not checked. It writes nothing, so the settings page asks it about the
    fields that are valid while others still need fixing, and shows every refusal at once."""
    errors: dict[str, str] = {}
    if name is not None:
        name = name.strip()
        if not name:
            errors["name"] = "Give the clinic a name."
        elif (problem := text_problem(name)) is not None:
            errors["name"] = problem
        elif (
            Clinic.objects.filter(chain_id=clinic.chain_id, name=name)
            .exclude(pk=clinic.pk)
            .exists()
        ):
            errors["name"] = "Another clinic of the chain has this name."
    if time_zone is not None:
        try:
            validate_time_zone(time_zone.strip())
        except ValidationError as err:
            errors["time_zone"] = " ".join(err.messages)
    if protocol_path and protocol_path.strip():
        problem = protocol_file_problem(protocol_path.strip())
        if problem:
            errors["protocol_path"] = problem
    if buffer_minutes is not None and not 0 <= buffer_minutes <= MAX_BUFFER_MINUTES:
        errors["buffer_minutes"] = (
            f"Give between 0 and {MAX_BUFFER_MINUTES} minutes kept free after an appointment."
        )
    if slot_minutes is not None and slot_minutes not in SLOT_MINUTES:
        grids = ", ".join(str(minutes) for minutes in SLOT_MINUTES)
        errors["slot_minutes"] = f"Choose a grid that divides an hour: {grids} minutes."
    _contact_settings(clinic, country, date_order, phone, errors)
    _document_settings(postal_address, paper_size, errors)
    return errors


def clinic_update(
    *,
    actor: Actor,
    clinic_id: int,
    name: str,
    time_zone: str,
    protocol_path: str,
    buffer_minutes: int | None = None,
    slot_minutes: int | None = None,
    country: str | None = None,
    date_order: str | None = None,
    phone: str | None = None,
    postal_address: str | None = None,
    paper_size: str | None = None,
) -> Clinic:
    """Name, time zone, protocol, booking, contact and document settings. An empty protocol
    path means the installation's protocol; a path is loaded and checked before it is
    saved. A setting left out (None) keeps its current value. The phone is read as the
    clinic's country dials it and stored in E.164."""
    name, time_zone, protocol_path = name.strip(), time_zone.strip(), protocol_path.strip()
    with transaction.atomic():
        clinic = _setup_clinic(actor, clinic_id)
        errors = clinic_settings_problems(
            clinic=clinic,
            name=name,
            time_zone=time_zone,
            protocol_path=protocol_path,
            buffer_minutes=buffer_minutes,
            slot_minutes=slot_minutes,
        )
        # The contact settings are checked and read into the values to save in one pass.
        contact = _contact_settings(clinic, country, date_order, phone, errors)
        documents = _document_settings(postal_address, paper_size, errors)
        if errors:
            raise ValidationError(errors)
        new: dict[str, object] = {
            "name": name,
            "time_zone": time_zone,
            "protocol_path": protocol_path,
            **contact,
            **documents,
        }
        if buffer_minutes is not None:
            new["buffer_minutes"] = buffer_minutes
        if slot_minutes is not None:
            new["slot_minutes"] = slot_minutes
        changed = [field for field, value in new.items() if getattr(clinic, field) != value]
        for field in changed:
            setattr(clinic, field, new[field])
        clinic.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"clinic settings: {', '.join(changed) or 'no change'}",
            clinic_id=clinic.id,
        )
    return clinic


# Opening hours --------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """The clinic is open on `weekday` (0 is Monday) from `opens` to `closes`, local time."""

    weekday: int
    opens: time
    closes: time


@dataclass(frozen=True)
class SpanProblem:
    index: int  # which span of those given
    field: str  # weekday, opens or closes
    message: str


class OpeningHoursError(ValidationError):
    """Spans that cannot be saved, each problem naming the span and field it concerns."""

    def __init__(self, problems: list[SpanProblem]) -> None:
        self.problems = problems
        super().__init__([problem.message for problem in problems])


def opening_hours_problems(spans: Sequence[Span]) -> list[SpanProblem]:
    """Each span must open before it closes, and spans of one day must not overlap
    (touching is fine: 09:00–12:00 and 12:00–17:00)."""
    problems: list[SpanProblem] = []
    usable: list[tuple[int, Span]] = []
    for index, span in enumerate(spans):
        if span.weekday not in WEEKDAY_NAMES:
            problems.append(SpanProblem(index, "weekday", "Choose a day of the week."))
        elif span.opens >= span.closes:
            problems.append(SpanProblem(index, "closes", "The closing time must be after opening."))
        else:
            usable.append((index, span))
    usable.sort(key=lambda item: (item[1].weekday, item[1].opens, item[1].closes))
    for (_, earlier), (index, later) in pairwise(usable):
        if earlier.weekday == later.weekday and later.opens < earlier.closes:
            problems.append(
                SpanProblem(
                    index,
                    "opens",
                    f"Overlaps {earlier.opens:%H:%M}–{earlier.closes:%H:%M} on "
                    f"{WEEKDAY_NAMES[later.weekday]}: each time of day belongs to one span.",
                )
            )
    return sorted(problems, key=lambda problem: problem.index)


def opening_hours_set(*, actor: Actor, clinic_id: int, spans: Sequence[Span]) -> list[OpeningHours]:
    """Replace the clinic's weekly opening hours with these spans."""
    with transaction.atomic():
        clinic = _setup_clinic(actor, clinic_id)
        problems = opening_hours_problems(spans)
        if problems:
            raise OpeningHoursError(problems)
        OpeningHours.objects.filter(clinic=clinic).delete()
        saved = OpeningHours.objects.bulk_create(
            OpeningHours(clinic=clinic, weekday=span.weekday, opens=span.opens, closes=span.closes)
            for span in spans
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"opening hours: {len(saved)} spans",
            clinic_id=clinic.id,
        )
    return saved


# Closures -------------------------------------------------------------------------------


def refuse_bad_closure(first_day: date, last_day: date, reason: str, ask_why: str) -> None:
    """A closure (of the clinic or of a room) runs forwards and says why: `ask_why` asks."""
    errors: dict[str, str] = {}
    for field, day in (("first_day", first_day), ("last_day", last_day)):
        if (problem := date_problem(day)) is not None:
            errors[field] = problem
    if first_day > last_day:
        errors.setdefault("last_day", "The last day cannot be before the first day.")
    if not reason:
        errors["reason"] = ask_why
    elif (problem := text_problem(reason)) is not None:
        errors["reason"] = problem
    if errors:
        raise ValidationError(errors)


def closure_add(
    *, actor: Actor, clinic_id: int, first_day: date, last_day: date, reason: str
) -> Closure:
    reason = reason.strip()
    with transaction.atomic():
        clinic = _setup_clinic(actor, clinic_id)
        refuse_bad_closure(
            first_day, last_day, reason, "Say why the clinic is closed, such as a public holiday."
        )
        closure = Closure.objects.create(
            clinic=clinic, first_day=first_day, last_day=last_day, reason=reason
        )
        audit_record(
            actor=actor, action=Action.CREATE, target=f"closure {closure.pk}", clinic_id=clinic.id
        )
    return closure


def closure_remove(*, actor: Actor, clinic_id: int, closure_id: int) -> None:
    """A closure entered by mistake, or cancelled: the clinic opens on those days again."""
    with transaction.atomic():
        clinic = _setup_clinic(actor, clinic_id)
        deleted, _ = Closure.objects.filter(clinic=clinic, pk=closure_id).delete()
        if not deleted:
            raise Http404("No such record.")
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"closure {closure_id} removed",
            clinic_id=clinic.id,
        )


# Rooms ----------------------------------------------------------------------------------


def _room_name_problem(clinic: Clinic, name: str, room_id: int | None = None) -> str | None:
    if not name:
        return "Give the room a name."
    if (problem := text_problem(name)) is not None:
        return problem
    same_name = Room.objects.filter(clinic=clinic, name__iexact=name)
    if room_id is not None:
        same_name = same_name.exclude(pk=room_id)
    if same_name.exists():
        return "This clinic already has a room with this name."
    return None


def room_add(*, actor: Actor, clinic_id: int, name: str) -> Room:
    name = name.strip()
    with transaction.atomic():
        clinic = _setup_clinic(actor, clinic_id)
        problem = _room_name_problem(clinic, name)
        if problem:
            raise ValidationError({"name": problem})
        room = Room.objects.create(clinic=clinic, name=name)
        audit_record(
            actor=actor, action=Action.CREATE, target=f"room {room.pk}", clinic_id=clinic.id
        )
    return room


def room_update(*, actor: Actor, clinic_id: int, room_id: int, name: str, active: bool) -> Room:
    """Rename, deactivate or reactivate. Rooms are never deleted: bookings may name them."""
    name = name.strip()
    with transaction.atomic():
        clinic = _setup_clinic(actor, clinic_id)
        room = Room.objects.filter(clinic=clinic, pk=room_id).first()
        if room is None:
            raise Http404("No such record.")
        problem = _room_name_problem(clinic, name, room.pk)
        if problem:
            raise ValidationError({"name": problem})
        changes = []
        if room.name != name:
            changes.append("renamed")
        if room.active != active:
            changes.append("reactivated" if active else "deactivated")
        room.name, room.active = name, active
        room.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"room {room.pk}: {', '.join(changes) or 'no change'}",
            clinic_id=clinic.id,
        )
    return room


# Staff ----------------------------------------------------------------------------------


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role."})


def _admins_left(clinic: Clinic, without: Membership) -> bool:
    return (
        Membership.objects.filter(clinic=clinic, role=Role.ADMIN, active=True, user__is_active=True)
        .exclude(pk=without.pk)
        .exists()
    )


def _keep_an_admin(actor: Actor, clinic: Clinic, membership: Membership, field: str) -> None:
    """A clinic must always keep an admin, or nobody could set it up again."""
    if membership.role != Role.ADMIN or not membership.active or _admins_left(clinic, membership):
        return
    if membership.user_id == actor.user.pk:
        message = (
            "You are this clinic's only admin: make someone else an admin before you "
            "give up the role."
        )
    else:
        message = "This is the clinic's only admin: a clinic must keep an admin."
    raise ValidationError({field: message})


def username_problems(username: str) -> list[str]:
    """What is wrong with how a username is written. It asks about the writing only, so the
    answer says nothing about which accounts exist."""
    if not username:
        return ["Give a username."]
    try:
        User.username_validator(username)
    except ValidationError as err:
        return list(err.messages)
    return []


def staff_problems(
    *,
    username: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
    password: str | None = None,
) -> dict[str, list[str]]:
    """Why a new account with these details cannot be made, by field; empty when it can. A
    value left out (None) is not checked. It writes nothing, so the new staff page asks it
    about the fields the form found valid while others still need fixing."""
    errors: dict[str, list[str]] = {}
    if username is not None:
        username = username.strip()
        if problems := username_problems(username):
            errors["username"] = problems
        elif User.objects.filter(username__iexact=username).exists():
            errors["username"] = [
                "This username is taken. To give that person a role here, add an existing account."
            ]
    names = {"first_name": first_name, "last_name": last_name}
    given = {field: value.strip() for field, value in names.items() if value is not None}
    for field, problem in line_problems(**given).items():
        errors[field] = [problem]
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as err:
            errors["email"] = err.messages
    if password is not None:
        # The password must not resemble the account's own details.
        user = User(username=username or "", email=email, **given)
        try:
            validate_password(password, user=user)
        except ValidationError as err:
            errors["password"] = err.messages
    return errors


def staff_create(
    *,
    actor: Actor,
    clinic_id: int,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    role: str,
) -> Membership:
    """A new account with its first role, here. The password must pass the site's rules."""
    with transaction.atomic():
        clinic = _setup_clinic(actor, clinic_id)
        _check_role(role)
        errors = staff_problems(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            password=password,
        )
        if errors:
            raise ValidationError(errors)
        user = User(
            username=username.strip(),
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email.strip(),
        )
        user.set_password(password)
        user.save()
        membership = Membership.objects.create(user=user, clinic=clinic, role=role)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=f"membership {membership.pk} as {role}, new user {user.pk}",
            clinic_id=clinic.id,
        )
    return membership


def membership_add(*, actor: Actor, clinic_id: int, username: str, role: str) -> Membership | None:
    """Give an account of this clinic's chain a role here (or back its old one). Any other
    username is invited instead, and None is returned whether or not an account has it:
    beyond the chain, only the account holder can make themselves staff here."""
    username = username.strip()
    with transaction.atomic():
        clinic = _setup_clinic(actor, clinic_id)
        _check_role(role)
        # A username no account could have is refused for how it is written, before any
        # account is looked up: the answer still says nothing about which accounts exist.
        if problems := username_problems(username):
            raise ValidationError({"username": problems})
        user = User.objects.filter(username=username).first()
        if user is None or not in_chain(user, clinic):
            invitation_create(actor=actor, clinic_id=clinic.id, username=username, role=role)
            return None
        if not user.is_active:
            raise ValidationError({"username": "This account is deactivated."})
        membership = Membership.objects.filter(user=user, clinic=clinic).first()
        if membership is not None and membership.active:
            raise ValidationError(
                {"username": "This person already has a role here: change it in the staff list."}
            )
        if membership is None:
            membership = Membership.objects.create(user=user, clinic=clinic, role=role)
            target = f"membership {membership.pk} as {role}"
            action = Action.CREATE
        else:
            membership.role, membership.active = role, True
            membership.save(update_fields=["role", "active"])
            target = f"membership {membership.pk} reactivated as {role}"
            action = Action.UPDATE
        audit_record(actor=actor, action=action, target=target, clinic_id=clinic.id)
    return membership


def membership_update(
    *, actor: Actor, clinic_id: int, membership_id: int, role: str, active: bool
) -> Membership:
    """Change a role or end it here; the account itself stays."""
    with transaction.atomic():
        clinic = _setup_clinic(actor, clinic_id)
        membership = Membership.objects.filter(clinic=clinic, pk=membership_id).first()
        if membership is None:
            raise Http404("No such record.")
        _check_role(role)
        if role != Role.ADMIN:
            _keep_an_admin(actor, clinic, membership, "role")
        if not active:
            _keep_an_admin(actor, clinic, membership, "active")
        changes = []
        if membership.role != role:
            changes.append(f"role {membership.role} to {role}")
        if membership.active != active:
            changes.append("reactivated" if active else "deactivated")
        membership.role, membership.active = role, active
        membership.save(update_fields=["role", "active"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"membership {membership.pk}: {', '.join(changes) or 'no change'}",
            clinic_id=clinic.id,
        )
    return membership


def staff_user_deactivate(*, actor: Actor, clinic_id: int, membership_id: int) -> User:
    """Deactivate the account of a member of this clinic everywhere, ending all of its
    sessions. Only when every role the account holds is at a clinic this admin runs."""
    with transaction.atomic():
        clinic = _setup_clinic(actor, clinic_id)
        membership = (
            Membership.objects.filter(clinic=clinic, pk=membership_id)
            .select_related("user")
            .first()
        )
        if membership is None:
            raise Http404("No such record.")
        user = membership.user
        if user.pk == actor.user.pk:
            raise ValidationError({"user": "You cannot deactivate your own account."})
        if not user.is_active:
            raise ValidationError({"user": "This account is already deactivated."})
        elsewhere = Membership.objects.filter(user=user, active=True).exclude(
            clinic_id__in=clinic_ids_for(actor, Capability.SETUP)
        )
        if (
            user.is_superuser
            or elsewhere.exists()
            or ChainManager.objects.filter(user=user).exists()
        ):
            raise ValidationError(
                {
                    "user": "This account also has roles you do not administer: "
                    "end the role here instead."
                }
            )
        for admin_role in Membership.objects.filter(user=user, active=True, role=Role.ADMIN):
            _keep_an_admin(actor, admin_role.clinic, admin_role, "user")
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"user {user.pk} deactivated",
            clinic_id=clinic.id,
        )
        user_deactivate(actor=actor, user=user)
    return user
