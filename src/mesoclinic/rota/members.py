"""Who is on a clinic's rota, and the small readings of rota rows the pages, the API and
the booking search share. No access checks here: callers make them first."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import time

from django.contrib.auth.models import User
from django.db import models
from django.http import Http404

from mesoclinic.audit.actor import Actor
from mesoclinic.clinics.models import Clinic, Membership, Role

# Who can hold shifts: those who treat patients, and admins who also do.
ROTA_ROLES = (Role.PRACTITIONER, Role.ADMIN)

# One day's spans, earliest first: ((09:00, 12:30), (14:00, 18:00)).
TimeSpans = tuple[tuple[time, time], ...]


def display_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def by_weekday(spans: Iterable[tuple[int, time, time]]) -> dict[int, TimeSpans]:
    """(weekday, start, end) rows as weekday (0 is Monday) to that day's spans."""
    days: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for weekday, starts, ends in sorted(spans):
        days[weekday].append((starts, ends))
    return {weekday: tuple(day) for weekday, day in days.items()}


def rota_role(actor: Actor, clinic: Clinic) -> str | None:
    """The actor's active role at a clinic the caller has already checked access to."""
    return (
        Membership.objects.filter(user_id=actor.user.pk, clinic=clinic, active=True)
        .values_list("role", flat=True)
        .first()
    )


def rota_memberships(clinic: Clinic) -> models.QuerySet[Membership]:
    """The roles of people who can be on this clinic's rota: an active account with an
    active practitioner or admin role here, by name."""
    return (
        Membership.objects.filter(
            clinic=clinic, active=True, role__in=ROTA_ROLES, user__is_active=True
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def rota_member_or_404(clinic: Clinic, user_id: int, *, lock: bool = False) -> User:
    """One person on the clinic's rota; `lock` holds their role row for the transaction so
    that concurrent changes to their rota queue behind each other."""
    memberships = rota_memberships(clinic).filter(user_id=user_id)
    if lock:
        memberships = memberships.select_for_update(of=("self",))
    membership = memberships.first()
    if membership is None:
        raise Http404("No such record.")
    return membership.user
