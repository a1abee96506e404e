"""The waitlist in the portal: her waiting sessions, asking for an earlier time for one of
them, taking herself off, and the page an offer's emailed link opens."""

from django.contrib import messages as notices
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import Patient
from mesoclinic.portal.access import portal_actor, portal_read, portal_view
from mesoclinic.portal.booking.changes import call_the_clinic
from mesoclinic.portal.booking.online import first_name
from mesoclinic.portal.link_pages import link_refused_response
from mesoclinic.portal.links import LinkRefused, link_peek
from mesoclinic.portal.models import LinkPurpose
from mesoclinic.waitlist.forms import WishesForm
from mesoclinic.waitlist.models import WaitlistOffer
from mesoclinic.waitlist.offers import offer_answer
from mesoclinic.waitlist.selectors import her_appointment, her_waitlist
from mesoclinic.waitlist.services import (
    portal_practitioner_ids,
    waitlist_entry_create_by_patient,
    waitlist_entry_withdraw_by_patient,
)


@never_cache
@require_http_methods(["GET"])
@portal_view
def mine(request: HttpRequest, patient: Patient) -> HttpResponse:
    portal_read(request, "portal waitlist")
    return render(
        request,
        "waitlist/portal_list.html",
        {"patient": patient, "clinic": patient.clinic, "entries": her_waitlist(patient)},
    )


def _appointment_id(request: HttpRequest) -> int:
    raw = request.GET.get("appointment", "")
    return int(raw) if raw.isdigit() else 0


@never_cache
@require_http_methods(["GET", "POST"])
@portal_view
def new(request: HttpRequest, patient: Patient) -> HttpResponse:
    portal_read(request, "portal waitlist request")
    row = her_appointment(patient, _appointment_id(request))
    allowed = portal_practitioner_ids(patient.clinic_id)
    choices = [
        (u.id, first_name(u))
        for u in User.objects.filter(id__in=allowed).order_by("first_name", "id")
    ]
    form = WishesForm(request.POST if request.method == "POST" else None, practitioners=choices)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            waitlist_entry_create_by_patient(
                actor=portal_actor(request),
                patient=patient,
                appointment_id=row.id,
                wishes=form.wishes(),
            )
        except DomainError as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            notices.success(
                request, "You are on the waitlist. We will email you when an earlier time is free."
            )
            return redirect("portal_waitlist:mine")
    return render(
        request,
        "waitlist/portal_new.html",
        {
            "patient": patient,
            "clinic": patient.clinic,
            "appointment": row,
            "when": to_wall(row.starts_at, row.clinic),
            "form": form,
            "online": bool(allowed),
            "call": call_the_clinic(patient.clinic),
        },
        status=422 if form.errors else 200,
    )


@require_POST
@portal_view
def withdraw(request: HttpRequest, patient: Patient, entry_id: int) -> HttpResponse:
    try:
        waitlist_entry_withdraw_by_patient(
            actor=portal_actor(request), patient=patient, entry_id=entry_id
        )
    except DomainError as refused:
        notices.error(request, refused.message)
    else:
        notices.success(request, "That session is off the waitlist; it keeps its time.")
    return redirect("portal_waitlist:mine")


def _offer_page(request: HttpRequest, offer: WaitlistOffer, **extra: object) -> HttpResponse:
    clinic = offer.opening.clinic
    return render(
        request,
        "waitlist/offer.html",
        {
            "offer": offer,
            "clinic": clinic,
            "when": to_wall(offer.opening.starts_at, clinic),
            "current": to_wall(offer.entry.appointment.starts_at, clinic),
            "practitioner": first_name(offer.opening.practitioner),
            "call": call_the_clinic(clinic),
            **extra,
        },
    )


@never_cache
@login_not_required
@require_http_methods(["GET", "POST"])
def offer(request: HttpRequest, secret: str) -> HttpResponse:
    """The page her email's link opens: the time offered, and Take it / No thanks. A GET
    never spends the link; either button does."""
    try:
        if request.method == "POST":
            answer = offer_answer(
                secret=secret,
                take=request.POST.get("answer") == "take",
                now=timezone.now(),
                ip=request.META.get("REMOTE_ADDR") or None,
            )
            return _offer_page(request, _loaded(answer.offer.id), answered=answer.state)
        link = link_peek(purpose=LinkPurpose.TAKE_WAITLIST_OFFER, secret=secret)
    except LinkRefused as refused:
        return link_refused_response(
            request, refused, purpose=LinkPurpose.TAKE_WAITLIST_OFFER, secret=secret
        )
    return _offer_page(request, _loaded(link.target_id or 0))


def _loaded(offer_id: int) -> WaitlistOffer:
    return WaitlistOffer.objects.select_related(
        "opening__clinic", "opening__practitioner", "entry__appointment"
    ).get(pk=offer_id)
