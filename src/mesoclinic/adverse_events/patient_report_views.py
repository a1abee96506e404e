"""Staff pages for a patient's report: the practitioner's review (on the event's page) and
the photos she sent, readable only by her clinic's clinical staff."""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mesoclinic.adverse_events.forms import ReportReviewForm
from mesoclinic.adverse_events.patient_reports import access_event_photo, patient_report_review
from mesoclinic.adverse_events.selectors import access_adverse_event
from mesoclinic.adverse_events.views import INVALID, _detail
from mesoclinic.assessments.responses import photo_response
from mesoclinic.audit.actor import actor_from
from mesoclinic.domain.errors import DomainError
from mesoclinic.planning.protocol import clinic_protocol


@require_POST
def report_review(request: HttpRequest, event_id: int) -> HttpResponse:
    actor = actor_from(request)
    event = access_adverse_event(actor, event_id, target=f"adverse event {event_id} report review")
    form = ReportReviewForm(
        request.POST, protocol=clinic_protocol(event.clinic), auto_id="id_report_%s"
    )
    if form.is_valid():
        try:
            patient_report_review(actor=actor, event=event, **form.values())
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, "Report reviewed: follow it up as any other event.")
            return redirect("adverse_events:detail", event_id=event.id)
    return _detail(request, actor, event, report_form=form, status=INVALID)


@never_cache
@require_GET
def event_photo(request: HttpRequest, photo_id: int) -> FileResponse:
    photo = access_event_photo(actor_from(request), photo_id)
    return photo_response(photo, thumbnail=False, kind="adverse-event-photo")


@never_cache
@require_GET
def event_photo_thumbnail(request: HttpRequest, photo_id: int) -> FileResponse:
    photo = access_event_photo(actor_from(request), photo_id)
    return photo_response(photo, thumbnail=True, kind="adverse-event-photo")
