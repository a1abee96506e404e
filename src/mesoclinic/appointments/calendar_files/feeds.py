"""Calendars outside the app: a practitioner's private feed and a patient's course file.

A feed's address carries a secret token, because calendar programs cannot log in; only the
token's SHA-256 is stored (as for API tokens) and the address is shown once. Every read of
a feed is audited as the practitioner, via "feed". The feed stops answering when it is
revoked or when its owner no longer treats at the clinic.
"""

import hashlib
import ipaddress
import secrets
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import models, transaction
from django.db.models import Count, Max, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from mesoclinic.access import Capability, get_in_clinics_or_404, scoped
from mesoclinic.appointments.calendar_files.ics import (
    UNCHANGED,
    CourseVersion,
    calendar_for,
    latest_per_session,
    patient_entry,
    practitioner_entry,
)
from mesoclinic.appointments.models import Appointment, CalendarFeed
from mesoclinic.audit.actor import Actor, actor_from
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.models import Clinic, Membership
from mesoclinic.courses.models import Course
from mesoclinic.rota.members import ROTA_ROLES

# Last month stays visible for looking back at; a year ahead holds any course booked now.
FEED_PAST = timedelta(days=30)
FEED_AHEAD = timedelta(days=365)
# Asked of subscribing programs; many reload less often whatever the file says.
FEED_REFRESH = timedelta(hours=1)


def _digest(token: str) -> str:
    # 256 random bits: a plain SHA-256 is enough, no slow hash needed.
    return hashlib.sha256(token.encode()).hexdigest()


def uid_domain() -> str:
    """The installation's name in event UIDs: the first configured host name, so a
    session's UID does not change with the address the file was fetched from."""
    for host in settings.ALLOWED_HOSTS:
        name = host.lstrip(".")
        if "." in name and "*" not in name and not _is_address(name):
            return name
    return "mesoclinic"


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


# Selectors


def course_versions(course_ids: set[int]) -> dict[int, CourseVersion]:
    """Each course's version for its calendar events: one per appointment row made, plus
    its revisions (see `CourseVersion`)."""
    totals = (
        Appointment.objects.filter(course_id__in=course_ids)
        .values("course_id")
        .annotate(revisions=Sum("revision"), rows=Count("id"), modified=Max("updated_at"))
        .order_by()
    )
    return {
        t["course_id"]: CourseVersion(t["revisions"] + t["rows"], t["modified"]) for t in totals
    }


def feed_clinics(actor: Actor) -> models.QuerySet[Clinic]:
    if not actor.user.is_active:
        return Clinic.objects.none()
    held = Membership.objects.filter(user_id=actor.user.pk, active=True, role__in=ROTA_ROLES)
    return Clinic.objects.filter(id__in=held.values("clinic_id")).order_by("name")


def own_feeds(actor: Actor) -> list[CalendarFeed]:
    feeds = CalendarFeed.objects.filter(practitioner_id=actor.user.pk).select_related("clinic")
    return list(feeds.order_by("revoked_at", "-created_at", "-id"))


def access_feed_calendar(*, token: str, ip: str | None, now: datetime) -> bytes:
    """The feed's calendar, or 404 for an unknown, revoked or orphaned token."""
    feed = (
        CalendarFeed.objects.select_related("practitioner", "clinic")
        .filter(token_hash=_digest(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None:
        raise Http404("No such calendar.")
    actor = Actor(user=feed.practitioner, ip=ip, via="feed")
    if not feed_clinics(actor).filter(id=feed.clinic_id).exists():
        raise Http404("No such calendar.")
    with transaction.atomic():
        rows = latest_per_session(
            Appointment.objects.filter(
                practitioner_id=feed.practitioner_id,
                clinic_id=feed.clinic_id,
                starts_at__gte=now - FEED_PAST,
                starts_at__lt=now + FEED_AHEAD,
            ).select_related("patient", "room")
        )
        versions = course_versions({row.course_id for row in rows})
        audit_record(
            actor=actor,
            action=Action.READ,
            target=f"calendar feed {feed.id}",
            clinic_id=feed.clinic_id,
        )
    return calendar_for(
        (practitioner_entry(row, versions.get(row.course_id, UNCHANGED)) for row in rows),
        clinic_time_zone=feed.clinic.time_zone,
        name=f"mesoclinic: {feed.clinic.name}",
        stamp=now,
        uid_domain=uid_domain(),
        refresh=FEED_REFRESH,
    )


def access_course_calendar(actor: Actor, course_id: int, now: datetime) -> tuple[Course, bytes]:
    """Every session of the course, for staff who may see the patient's schedule."""
    with transaction.atomic():
        courses = scoped(Course.objects.select_related("clinic"), actor, Capability.DEMOGRAPHICS)
        course = get_in_clinics_or_404(courses, id=course_id)
        rows = latest_per_session(
            Appointment.objects.filter(course_id=course.id).select_related(
                "clinic", "room", "practitioner"
            )
        )
        version = course_versions({course.id}).get(course.id, UNCHANGED)
        audit_record(
            actor=actor,
            action=Action.EXPORT,
            target=f"course {course.id} calendar",
            clinic_id=course.clinic_id,
            patient_id=course.patient_id,
        )
    # Sessions of earlier blocks plus the current block's plan.
    sessions = course.sessions_done_total - course.sessions_done + course.sessions_planned
    body = calendar_for(
        (patient_entry(row, version, sessions=sessions) for row in rows),
        clinic_time_zone=course.clinic.time_zone,
        name=f"Mesotherapy at {course.clinic.name}",
        stamp=now,
        uid_domain=uid_domain(),
    )
    return course, body


# Services


def calendar_feed_create(*, actor: Actor, clinic_id: int) -> tuple[CalendarFeed, str]:
    """Returns the row and the token itself, which is never stored and never shown again."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        clinic = get_in_clinics_or_404(feed_clinics(actor), id=clinic_id)
        feed = CalendarFeed.objects.create(
            practitioner=actor.user, clinic=clinic, token_hash=_digest(token)
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            target=f"calendar feed {feed.id}",
            clinic_id=clinic.id,
        )
    return feed, token


def calendar_feed_revoke(*, actor: Actor, feed_id: int) -> CalendarFeed:
    with transaction.atomic():
        feed = get_in_clinics_or_404(
            CalendarFeed.objects.select_for_update().filter(practitioner_id=actor.user.pk),
            id=feed_id,
        )
        if feed.revoked_at is None:
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                target=f"calendar feed {feed.id} revoked",
                clinic_id=feed.clinic_id,
            )
    return feed


# Views


class FeedForm(forms.Form):
    clinic = forms.ModelChoiceField(
        queryset=Clinic.objects.none(), empty_label=None, label="Clinic"
    )

    def __init__(self, *args: Any, clinics: models.QuerySet[Clinic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clinic"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = clinics


NEW_FEED_TOKEN = "new_calendar_feed_token"  # noqa: S105 - a session key, not a secret


@never_cache  # the page may hold a feed's secret address
@require_http_methods(["GET", "POST"])
def feeds_page(request: HttpRequest) -> HttpResponse:
    actor = actor_from(request)
    clinics = feed_clinics(actor)
    if not clinics.exists():
        raise Http404("No such page.")
    form = FeedForm(request.POST or None, clinics=clinics)
    if request.method == "POST" and form.is_valid():
        _feed, token = calendar_feed_create(actor=actor, clinic_id=form.cleaned_data["clinic"].id)
        # Post, redirect, get: reloading the page must not create another feed. The address
        # waits in the server-side session for the next page, which shows it once.
        request.session[NEW_FEED_TOKEN] = token
        return redirect("feeds:list")
    token = request.session.pop(NEW_FEED_TOKEN, "")
    new_address = (
        request.build_absolute_uri(reverse("feeds:feed", kwargs={"token": token})) if token else ""
    )
    return render(
        request,
        "appointments/feeds/index.html",
        {
            "form": form,
            "feeds": own_feeds(actor),
            "new_address": new_address,
            "new_webcal": new_address.replace("https://", "webcal://", 1)
            if new_address.startswith("https://")
            else "",
        },
    )


@require_POST
def feed_revoke(request: HttpRequest, feed_id: int) -> HttpResponse:
    calendar_feed_revoke(actor=actor_from(request), feed_id=feed_id)
    messages.success(request, "Feed revoked: its address no longer shows your appointments.")
    return redirect("feeds:list")


@login_not_required  # calendar programs cannot log in: the token is the credential
@never_cache
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    body = access_feed_calendar(
        token=token, ip=request.META.get("REMOTE_ADDR") or None, now=timezone.now()
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@never_cache
@require_GET
def course_file(request: HttpRequest, course_id: int) -> HttpResponse:
    course, body = access_course_calendar(actor_from(request), course_id, timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="course-{course.id}.ics"'
    return response
