"""Adverse event pages. Patient-scoped, clinical capability only (front desk gets 404);
the serious-event review is the clinic admin's. Ids only in URLs, every change a POST."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mesoclinic.access import Capability, access_patient
from mesoclinic.adverse_events.forms import (
    AdverseEventForm,
    AmendForm,
    EnteredInErrorForm,
    FollowUpForm,
    ReportReviewForm,
    ResolveForm,
    ReviewForm,
)
from mesoclinic.adverse_events.models import AdverseEvent
from mesoclinic.adverse_events.presenters import (
    FIELD_LABELS,
    change_views,
    event_view,
    linked_ids,
    review_of,
)
from mesoclinic.adverse_events.selectors import (
    access_adverse_event,
    can_review,
    follow_up_list,
    followable_sessions,
    linked_names,
    patient_adverse_events,
    serious_events_page,
)
from mesoclinic.adverse_events.services import (
    adverse_event_amend,
    adverse_event_create,
    adverse_event_mark_entered_in_error,
    adverse_event_resolve,
    adverse_event_review,
    follow_up_create,
)
from mesoclinic.audit.actor import Actor, actor_from
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import RecordStatus
from mesoclinic.planning.protocol import clinic_protocol

INVALID = 422


@never_cache
@require_GET
def event_list(request: HttpRequest, patient_id: int) -> HttpResponse:
    actor = actor_from(request)
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="adverse events")
    protocol = clinic_protocol(patient.clinic)
    today = clinic_today(patient.clinic)
    views = [event_view(event, protocol, today) for event in patient_adverse_events(actor, patient)]
    return render(request, "adverse_events/list.html", {"patient": patient, "views": views})


@never_cache
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest, patient_id: int) -> HttpResponse:
    actor = actor_from(request)
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="adverse event form")
    today = clinic_today(patient.clinic)
    # Most events follow the latest session: it is ticked to begin with.
    sessions = followable_sessions(actor, patient, today)
    form = AdverseEventForm(
        request.POST or None,
        protocol=clinic_protocol(patient.clinic),
        today=today,
        sessions=sessions,
        initial={"follows_sessions": [sessions[0].id]} if sessions else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = adverse_event_create(actor=actor, patient=patient, **form.values())
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, "Adverse event recorded.")
            return redirect("adverse_events:detail", event_id=event.id)
    return render(
        request,
        "adverse_events/new.html",
        {"patient": patient, "form": form},
        status=INVALID if request.method == "POST" else 200,
    )


def _detail(
    request: HttpRequest,
    actor: Actor,
    event: AdverseEvent,
    *,
    follow_up_form: FollowUpForm | None = None,
    resolve_form: ResolveForm | None = None,
    review_form: ReviewForm | None = None,
    error_form: EnteredInErrorForm | None = None,
    report_form: ReportReviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    protocol = clinic_protocol(event.clinic)
    today = clinic_today(event.clinic)
    view = event_view(event, protocol, today)
    report_review = getattr(event, "report_review", None) if event.reported_by_patient else None
    amendments = list(event.amendments.all())
    names = linked_names(actor, event.patient_id, linked_ids(amendments))
    context: dict[str, Any] = {
        "view": view,
        "event": event,
        "patient": event.patient,
        "today": today,
        "follow_ups": list(event.follow_ups.all()),
        "review": review_of(event),
        "amendments": [(a, change_views(a, names)) for a in amendments],
        "follows_sessions": list(event.follows_sessions.all()),
        "follows_lots": list(event.follows_lots.all()),
        "active": event.status == RecordStatus.ACTIVE,
        # A patient's report is followed up once a practitioner has reviewed it.
        "ongoing": event.status == RecordStatus.ACTIVE
        and event.event_status == "ongoing"
        and not event.awaiting_report_review,
        "awaiting_report_review": event.status == RecordStatus.ACTIVE
        and event.awaiting_report_review,
        "report_review": report_review,
        "report_changes": [
            (FIELD_LABELS.get(name, name), before, after)
            for name, (before, after) in (report_review.changes if report_review else {}).items()
        ],
        "photos": list(event.photos.all()),
        "report_form": report_form
        or ReportReviewForm(
            protocol=protocol,
            initial={"event_type": event.event_type, "area": event.area, "side": event.side},
            auto_id="id_report_%s",
        ),
        "can_review": view.awaiting_review and can_review(actor, event),
        "follow_up_form": follow_up_form
        or FollowUpForm(initial={"noted_on": today}, auto_id="id_followup_%s"),
        "resolve_form": resolve_form
        or ResolveForm(initial={"resolved_on": today}, auto_id="id_resolve_%s"),
        "review_form": review_form or ReviewForm(auto_id="id_review_%s"),
        "error_form": error_form or EnteredInErrorForm(auto_id="id_error_%s"),
    }
    return render(request, "adverse_events/detail.html", context, status=status)


@never_cache
@require_GET
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    actor = actor_from(request)
    return _detail(request, actor, access_adverse_event(actor, event_id))


@require_POST
def follow_up_new(request: HttpRequest, event_id: int) -> HttpResponse:
    actor = actor_from(request)
    event = access_adverse_event(actor, event_id, target=f"adverse event {event_id} follow-up")
    form = FollowUpForm(request.POST, auto_id="id_followup_%s")
    if form.is_valid():
        try:
            follow_up_create(actor=actor, event=event, **form.cleaned_data)
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, "Follow-up saved.")
            return redirect("adverse_events:detail", event_id=event.id)
    return _detail(request, actor, event, follow_up_form=form, status=INVALID)


@require_POST
def event_resolve(request: HttpRequest, event_id: int) -> HttpResponse:
    actor = actor_from(request)
    event = access_adverse_event(actor, event_id, target=f"adverse event {event_id} resolve")
    form = ResolveForm(request.POST, auto_id="id_resolve_%s")
    if form.is_valid():
        try:
            adverse_event_resolve(actor=actor, event=event, **form.cleaned_data)
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, "Event resolved.")
            return redirect("adverse_events:detail", event_id=event.id)
    return _detail(request, actor, event, resolve_form=form, status=INVALID)


@require_POST
def event_review(request: HttpRequest, event_id: int) -> HttpResponse:
    actor = actor_from(request)
    # Only the clinic's admin: anyone else is answered as for an event that is not there.
    event = access_adverse_event(actor, event_id, target=f"adverse event {event_id} review")
    if not can_review(actor, event):
        raise Http404("No such record.")
    form = ReviewForm(request.POST, auto_id="id_review_%s")
    if form.is_valid():
        try:
            adverse_event_review(actor=actor, event=event, note=form.cleaned_data["note"])
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, "Serious event marked reviewed.")
            return redirect("adverse_events:detail", event_id=event.id)
    return _detail(request, actor, event, review_form=form, status=INVALID)


@never_cache
@require_http_methods(["GET", "POST"])
def event_amend(request: HttpRequest, event_id: int) -> HttpResponse:
    actor = actor_from(request)
    event = access_adverse_event(actor, event_id, target=f"adverse event {event_id} amend")
    if event.status != RecordStatus.ACTIVE:
        messages.error(request, "This event was entered in error: it cannot be amended.")
        return redirect("adverse_events:detail", event_id=event.id)
    resolved = event.event_status == "resolved"
    follows = [session.id for session in event.follows_sessions.all()]
    form = AmendForm(
        request.POST or None,
        protocol=clinic_protocol(event.clinic),
        resolved=resolved,
        sessions=followable_sessions(
            actor, event.patient, clinic_today(event.clinic), keep=follows
        ),
        initial={
            "event_type": event.event_type,
            "severity": event.severity,
            "ctcae_grade": event.ctcae_grade,
            "area": event.area,
            "side": event.side,
            "onset_on": event.onset_on,
            "description": event.description,
            "follows_sessions": follows,
            "resolved_on": event.resolved_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        values = form.values()
        reason = values.pop("reason")
        try:
            adverse_event_amend(actor=actor, event=event, reason=reason, **values)
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, "Amendment saved. The original values stay visible.")
            return redirect("adverse_events:detail", event_id=event.id)
    return render(
        request,
        "adverse_events/amend.html",
        {"event": event, "patient": event.patient, "form": form},
        status=INVALID if request.method == "POST" else 200,
    )


@require_POST
def event_entered_in_error(request: HttpRequest, event_id: int) -> HttpResponse:
    actor = actor_from(request)
    event = access_adverse_event(actor, event_id, target=f"adverse event {event_id} error")
    form = EnteredInErrorForm(request.POST, auto_id="id_error_%s")
    if form.is_valid():
        try:
            adverse_event_mark_entered_in_error(
                actor=actor, event=event, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, "Marked as entered in error. It is kept, not deleted.")
            return redirect("adverse_events:list", patient_id=event.patient_id)
    return _detail(request, actor, event, error_form=form, status=INVALID)


@never_cache
@require_GET
def clinic_follow_up(request: HttpRequest, clinic_id: int) -> HttpResponse:
    found = follow_up_list(actor_from(request), clinic_id)
    protocol = clinic_protocol(found.clinic)
    rows = [(row, event_view(row.event, protocol, found.today)) for row in found.rows]
    return render(request, "adverse_events/follow_up.html", {"found": found, "rows": rows})


@never_cache
@require_GET
def clinic_serious(request: HttpRequest, clinic_id: int) -> HttpResponse:
    page = serious_events_page(actor_from(request), clinic_id)
    protocol = clinic_protocol(page.clinic)
    today = clinic_today(page.clinic)
    return render(
        request,
        "adverse_events/serious.html",
        {
            "page": page,
            "awaiting": [event_view(event, protocol, today) for event in page.awaiting],
            "reviewed": [(event, review_of(event)) for event in page.reviewed],
            "serious_types": [t.label for t in protocol.adverse_events if t.serious],
        },
    )
