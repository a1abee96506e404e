"""HTML templates printed to PDF with WeasyPrint, and the answer that carries one.

A document fetches nothing: photos and charts are inlined (data: URLs, inline SVG), and
the URL fetcher refuses every other scheme, so no text in a document (a clinic's
aftercare wording, a patient's name) can make the server read a file or a URL."""

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from mesoclinic.clinics.models import Clinic, PaperSize
from mesoclinic.clinics.services import postal_address_lines
from mesoclinic.documents.honesty import HONEST_STATEMENT
from mesoclinic.phone import phone_display

# The CSS page size for each of the clinic's paper settings.
PAGE_SIZES = {PaperSize.A4.value: "A4", PaperSize.LETTER.value: "letter"}


@dataclass(frozen=True)
class Document:
    """A document ready to print: its template and what it shows, for one record."""

    template: str
    title: str
    clinic: Clinic
    patient_name: str
    record_id: int
    context: dict[str, Any]
    generated_at: datetime = field(default_factory=timezone.now)

    @property
    def file_kind(self) -> str:
        """ "plan", "aftercare" or "progress-report", from the template's name."""
        kind = self.template.rsplit("/", 1)[-1].removesuffix(".html")
        return "progress-report" if kind == "progress" else kind

    @property
    def generated_local(self) -> datetime:
        return self.generated_at.astimezone(zoneinfo.ZoneInfo(self.clinic.time_zone))


def document_html(document: Document) -> str:
    clinic = document.clinic
    context = {
        "title": document.title,
        "patient_name": document.patient_name,
        "clinic_name": clinic.name,
        "clinic_address": postal_address_lines(clinic.postal_address),
        "clinic_phone": phone_display(clinic.phone, clinic.country),
        "generated_at": document.generated_local,
        "page_size": PAGE_SIZES.get(clinic.paper_size, "A4"),
        "honest_statement": HONEST_STATEMENT,
        **document.context,
    }
    return render_to_string(document.template, context)


def pdf_from_html(html: str) -> bytes:
    """The PDF of a page of HTML, fetching nothing but the data: URLs inside it."""
    # Imported here: WeasyPrint takes over a second to import (it parses its own
    # stylesheets), which every command and page of the app would otherwise pay.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    if pdf is None:  # only when given a target to write to
        raise RuntimeError("WeasyPrint wrote no PDF.")
    return bytes(pdf)


def document_pdf(document: Document) -> bytes:
    return pdf_from_html(document_html(document))


def pdf_response(document: Document) -> HttpResponse:
    """The PDF as a download. Its file name holds the kind of document, the record's id
    and the time it was generated, never a patient's name or a finding: downloads folders
    and mail attachments show file names to anyone looking."""
    return pdf_file_response(
        document_pdf(document),
        kind=document.file_kind,
        record_id=document.record_id,
        generated_local=document.generated_local,
    )


def pdf_file_response(
    pdf: bytes, *, kind: str, record_id: int, generated_local: datetime, inline: bool = False
) -> HttpResponse:
    """A PDF answered with a file name that names no one, and kept in no cache. `inline`
    lets a browser show it in place; a download is the staff's default."""
    stamp = generated_local.strftime("%Y%m%d-%H%M%S")
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{kind}-{record_id}-{stamp}.pdf"'
    response["Cache-Control"] = "no-store, private"
    return response
