"""Reading the audit trail: an admin sees the rows of the clinics they administer, and the
log-ins of those clinics' staff. Reading it is itself written to the trail."""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404

from mesoclinic.access import Capability, access_clinics, access_patients
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic, Membership

PAGE_SIZE = 50
SESSION_ACTIONS = (Action.LOGIN, Action.LOGOUT, Action.LOGIN_FAILED)


def audit_clinics(actor: Actor) -> models.QuerySet[Clinic]:
    """The clinics whose trail this actor may read, by name."""
    return access_clinics(actor, Capability.AUDIT).order_by("name")


def audit_staff(clinic_ids: list[int]) -> models.QuerySet[User]:
    """Everyone who holds or held a role at these clinics."""
    members = Membership.objects.filter(clinic_id__in=clinic_ids).values("user_id")
    return User.objects.filter(id__in=members).order_by("username")


@dataclass(frozen=True)
class AuditFilters:
    clinic_id: int | None = None
    user_id: int | None = None
    action: str = ""
    patient_id: int | None = None
    first_day: date | None = None
    last_day: date | None = None


def _local_midnight(day: date, time_zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zoneinfo.ZoneInfo(time_zone))


def _filtered(
    events: models.QuerySet[AuditEvent], filters: AuditFilters, time_zone: str
) -> models.QuerySet[AuditEvent]:
    if filters.user_id is not None:
        user = User.objects.filter(pk=filters.user_id).first()
        username = user.get_username() if user else ""
        events = events.filter(
            Q(actor_id=filters.user_id) | Q(actor__isnull=True, actor_name=username)
        )
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.patient_id is not None:
        events = events.filter(patient_id=filters.patient_id)
    if filters.first_day is not None:
        events = events.filter(at__gte=_local_midnight(filters.first_day, time_zone))
    if filters.last_day is not None:
        end = _local_midnight(filters.last_day + timedelta(days=1), time_zone)
        events = events.filter(at__lt=end)
    return events.order_by("-at", "-id")


def audit_events(
    clinic_ids: list[int], filters: AuditFilters, time_zone: str
) -> tuple[models.QuerySet[AuditEvent], models.QuerySet[AuditEvent]]:
    """Rows of these clinics, and session rows (log-in, log-out, failed log-in) of their
    staff, each filtered and newest first. Days are whole days in `time_zone`.

    Two queries rather than one with an OR: each reads its own index in time order (the
    clinic's rows by clinic and time, session rows through the index of rows with no
    clinic), so a page of one clinic of a large chain does not walk every clinic's rows."""
    staff = audit_staff(clinic_ids)
    clinic_rows = AuditEvent.objects.filter(clinic_id__in=clinic_ids)
    session_rows = AuditEvent.objects.filter(
        Q(clinic_id__isnull=True, action__in=SESSION_ACTIONS)
        & (
            Q(actor_id__in=staff.values("id"))
            # A failed log-in has no account, only the name typed.
            | Q(actor__isnull=True, actor_name__in=staff.values("username"))
        )
    )
    return _filtered(clinic_rows, filters, time_zone), _filtered(session_rows, filters, time_zone)


@dataclass(frozen=True)
class AuditTrail:
    page: list[AuditEvent]
    clinics: dict[int, str]  # id -> name, for the clinic column
    time_zone: str
    # The last row's id when older rows follow (the next page starts below it), else None.
    older_than: int | None
    patient_names: dict[int, str]  # id -> name, of the patients this actor may read


def _below(
    events: models.QuerySet[AuditEvent], at: datetime, row_id: int
) -> models.QuerySet[AuditEvent]:
    """Rows after the row (`at`, `row_id`) in newest-first order. Keyset paging: no COUNT
    of the whole trail, and a page deep in the trail costs what the first one does.
    `at <= cursor` repeats the condition in a form an index on time can start from."""
    return events.filter(at__lte=at).filter(Q(at__lt=at) | Q(at=at, id__lt=row_id))


def _newest(queries: tuple[models.QuerySet[AuditEvent], ...], count: int) -> list[AuditEvent]:
    """The `count` newest rows of several newest-first queries, as one list."""
    rows = [row for query in queries for row in query[:count]]
    return sorted(rows, key=lambda row: (row.at, row.id), reverse=True)[:count]


def _patient_names(actor: Actor, rows: list[AuditEvent]) -> dict[int, str]:
    ids = {row.patient_id for row in rows if row.patient_id is not None}
    if not ids:
        return {}
    readable = access_patients(actor, Capability.DEMOGRAPHICS).filter(id__in=ids)
    return {p.id: f"{p.given_name} {p.family_name}" for p in readable}


def audit_trail(actor: Actor, filters: AuditFilters, older_than: int | None = None) -> AuditTrail:
    """One page of the trail. A READ row is written for each clinic whose rows are shown,
    in the same transaction, before the page is read (so it shows on the page too)."""
    clinics = list(audit_clinics(actor))
    if not clinics:
        raise Http404("No such page.")
    if filters.clinic_id is not None:
        clinics = [clinic for clinic in clinics if clinic.id == filters.clinic_id]
        if not clinics:
            raise Http404("No such page.")
    clinic_ids = [clinic.id for clinic in clinics]
    time_zone = clinics[0].time_zone
    with transaction.atomic():
        for clinic_id in clinic_ids:
            audit_record(actor=actor, action=Action.READ, target="audit trail", clinic_id=clinic_id)
        queries: tuple[models.QuerySet[AuditEvent], ...] = audit_events(
            clinic_ids, filters, time_zone
        )
        if older_than is not None:
            cursor = AuditEvent.objects.filter(id=older_than).values_list("at", flat=True).first()
            queries = tuple(
                query.none() if cursor is None else _below(query, cursor, older_than)
                for query in queries
            )
        rows = _newest(queries, PAGE_SIZE + 1)
        page = rows[:PAGE_SIZE]
        names = _patient_names(actor, page)
    return AuditTrail(
        page=page,
        clinics={clinic.id: clinic.name for clinic in clinics},
        time_zone=time_zone,
        older_than=page[-1].id if len(rows) > PAGE_SIZE else None,
        patient_names=names,
    )


def audit_patient_name(actor: Actor, patient_id: int | None) -> str:
    """The name of the patient the trail is filtered by, when the actor may read it."""
    if patient_id is None:
        return ""
    return _patient_names(actor, [AuditEvent(patient_id=patient_id)]).get(patient_id, "")
