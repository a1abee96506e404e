"""The entry page of a per-clinic section: straight to the clinic when the user has one,
a list to choose from when she has several, 404 when she has none."""

from collections.abc import Iterable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mesoclinic.clinics.models import Clinic


def clinic_choice(
    request: HttpRequest, clinics: Iterable[Clinic], *, page: str, template: str
) -> HttpResponse:
    """`clinics` are those the caller's selector allows; `page` is the URL name of the
    section's page for one clinic, `template` lists `clinics` to choose from."""
    found = list(clinics)
    if not found:
        raise Http404("No such page.")
    if len(found) == 1:
        return redirect(page, clinic_id=found[0].id)
    return render(request, template, {"clinics": found})
