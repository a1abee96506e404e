"""Formulary pages: products with their limits, lots with their stock and history.
Practitioners and clinic admins read them (front desk and chain managers get 404); admins
manage products and limits. Every change is a POST through a service."""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from mesoclinic.access import Capability
from mesoclinic.audit.actor import actor_from
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.stock import format_ml
from mesoclinic.formulary.forms import (
    ADJUSTED,
    LotReceiveForm,
    MovementForm,
    ProductForm,
    RecallForm,
    SessionLimitForm,
)
from mesoclinic.formulary.lot_history import access_lot_page
from mesoclinic.formulary.selectors import (
    access_formulary,
    access_formulary_clinic,
    access_lot,
    access_product,
    access_product_detail,
    can_manage,
    formulary_clinics,
)
from mesoclinic.formulary.services import (
    lot_recall,
    lot_receive,
    product_create,
    product_set_session_limit,
    product_update,
    stock_adjust,
    stock_waste,
)
from mesoclinic.pages.clinic_choice import clinic_choice


def _show_error(form: forms.Form, error: DomainError) -> None:
    """A service's refusal beside the field it names (or above the form)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


@require_GET
def formulary_index(request: HttpRequest) -> HttpResponse:
    clinics = formulary_clinics(actor_from(request))
    return clinic_choice(request, clinics, page="formulary:list", template="formulary/index.html")


@require_GET
def formulary_list(request: HttpRequest, clinic_id: int) -> HttpResponse:
    formulary = access_formulary(actor_from(request), clinic_id)
    return render(
        request,
        "formulary/list.html",
        {"formulary": formulary, "clinic": formulary.clinic},
    )


@require_http_methods(["GET", "POST"])
def product_new(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    clinic = access_formulary_clinic(actor, clinic_id, Capability.SETUP, "new product form")
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = product_create(actor=actor, clinic=clinic, **form.service_fields())
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(
                request, "Product added. Set its per-session limit before it can be charted."
            )
            return redirect("formulary:product_limit", product_id=product.id)
    return render(
        request, "formulary/product_form.html", {"form": form, "clinic": clinic, "product": None}
    )


@require_GET
def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    detail = access_product_detail(actor_from(request), product_id)
    return render(
        request,
        "formulary/product_detail.html",
        {"detail": detail, "product": detail.product, "clinic": detail.product.clinic},
    )


@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    actor = actor_from(request)
    product = access_product(actor, product_id, Capability.SETUP, target=f"product {product_id}")
    initial = {
        "name": product.name,
        "description": product.description,
        "ingredients": "\n".join(product.ingredients),
        "mechanisms": product.mechanisms,
        "form": product.form,
        "concentration": product.concentration,
        "unit": product.unit,
        "volume_per_unit_ml": product.volume_per_unit_ml,
        "active": product.active,
    }
    form = ProductForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            product_update(actor=actor, product=product, **form.service_fields())
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, "Product saved.")
            return redirect("formulary:product", product_id=product.id)
    return render(
        request,
        "formulary/product_form.html",
        {"form": form, "clinic": product.clinic, "product": product},
    )


@require_http_methods(["GET", "POST"])
def product_limit(request: HttpRequest, product_id: int) -> HttpResponse:
    actor = actor_from(request)
    product = access_product(actor, product_id, Capability.SETUP)
    form = SessionLimitForm(
        request.POST or None,
        initial={"limit_ml": product.session_limit_ml, "basis": product.session_limit_basis},
    )
    if request.method == "POST" and form.is_valid():
        try:
            product_set_session_limit(
                actor=actor,
                product=product,
                limit_ml=form.cleaned_data["limit_ml"],
                basis=form.cleaned_data["basis"],
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, "Per-session limit saved.")
            return redirect("formulary:product", product_id=product.id)
    return render(
        request,
        "formulary/product_limit.html",
        {"form": form, "product": product, "clinic": product.clinic},
    )


@require_http_methods(["GET", "POST"])
def lot_new(request: HttpRequest, product_id: int) -> HttpResponse:
    actor = actor_from(request)
    product = access_product(actor, product_id)
    form = LotReceiveForm(
        request.POST or None, initial={"received_on": clinic_today(product.clinic)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            lot = lot_receive(actor=actor, product=product, **form.cleaned_data)
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, f"Lot received: {format_ml(lot.received_ml)} in stock.")
            return redirect("formulary:lot", lot_id=lot.id)
    return render(
        request,
        "formulary/lot_receive.html",
        {"form": form, "product": product, "clinic": product.clinic},
    )


@require_GET
def lot_detail(request: HttpRequest, lot_id: int) -> HttpResponse:
    older_than = request.GET.get("older_than", "")
    history = access_lot_page(
        actor_from(request), lot_id, int(older_than) if older_than.isdigit() else None
    )
    lot = history.lot
    return render(
        request,
        "formulary/lot_detail.html",
        {"history": history, "lot": lot, "product": lot.product, "clinic": lot.product.clinic},
    )


@require_http_methods(["GET", "POST"])
def lot_movement(request: HttpRequest, lot_id: int) -> HttpResponse:
    actor = actor_from(request)
    lot = access_lot(actor, lot_id)
    form = MovementForm(request.POST or None, can_adjust=can_manage(actor, lot.clinic_id))
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        volume: Decimal = data["volume_ml"]
        try:
            if data["kind"] == ADJUSTED:
                stock_adjust(
                    actor=actor,
                    lot=lot,
                    change_ml=volume,
                    reason=data["reason"],
                    reference=data["reference"],
                )
            else:
                stock_waste(
                    actor=actor,
                    lot=lot,
                    volume_ml=volume,
                    reason=data["reason"],
                    reference=data["reference"],
                )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, "Stock movement recorded.")
            return redirect("formulary:lot", lot_id=lot.id)
    return render(
        request,
        "formulary/lot_movement.html",
        {"form": form, "lot": lot, "product": lot.product, "clinic": lot.product.clinic},
    )


@require_http_methods(["GET", "POST"])
def lot_recall_view(request: HttpRequest, lot_id: int) -> HttpResponse:
    """A confirmation step first: the page says what a recall does, and the POST needs a
    reason and a ticked confirmation."""
    actor = actor_from(request)
    lot = access_lot(actor, lot_id)
    form = RecallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lot_recall(actor=actor, lot=lot, reason=form.cleaned_data["reason"])
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, f"Lot {lot.lot_number} recalled: no session can use it.")
            return redirect("formulary:lot", lot_id=lot.id)
    return render(
        request,
        "formulary/lot_recall.html",
        {"form": form, "lot": lot, "product": lot.product, "clinic": lot.product.clinic},
    )
