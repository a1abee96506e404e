"""The photo comparison page and the consent-of-use changes of both kinds of photo.

Every read goes through the access selectors (audited); the page is never cached, and its
images are read one by one through the photo views, which audit each read too.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mesoclinic.assessments.compare import comparisons
from mesoclinic.assessments.forms import PhotoConsentForm
from mesoclinic.assessments.gallery import patient_photos
from mesoclinic.assessments.photo_consent import AnyPhoto, photo_consent_update
from mesoclinic.assessments.selectors import access_clinical_patient, access_photo
from mesoclinic.audit.actor import actor_from
from mesoclinic.charting.photos import access_session_photo
from mesoclinic.courses.models import Course
from mesoclinic.courses.selectors import access_course
from mesoclinic.domain.errors import DomainError


@never_cache
@require_GET
def photo_compare(request: HttpRequest, patient_id: int) -> HttpResponse:
    actor = actor_from(request)
    patient = access_clinical_patient(actor, patient_id, target="photo comparison")
    course: Course | None = None
    course_id = request.GET.get("course", "")
    if course_id:
        if not course_id.isdigit():
            raise Http404("No such course.")
        course = access_course(actor, int(course_id), purpose="photo comparison")
        if course.patient_id != patient.id:
            raise Http404("No such course.")
    photos = patient_photos(actor, patient, course)
    error = ""
    try:
        shown = comparisons(
            photos,
            pose=request.GET.get("pose", ""),
            earlier=request.GET.get("earlier", ""),
            later=request.GET.get("later", ""),
        )
    except DomainError as problem:
        error = problem.message
        shown = comparisons(photos)
    return render(
        request,
        "assessments/compare.html",
        {"patient": patient, "course": course, "comparisons": shown, "error": error},
        status=422 if error else 200,
    )


def _change_consent(request: HttpRequest, photo: AnyPhoto) -> None:
    form = PhotoConsentForm(request.POST, prefix=f"consent{photo.id}")
    try:
        if not form.is_valid():
            raise DomainError("uses", "Choose only among the uses listed.")
        photo_consent_update(actor=actor_from(request), photo=photo, uses=form.cleaned_data["uses"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Consent of use saved.")


@require_POST
def photo_consent(request: HttpRequest, photo_id: int) -> HttpResponse:
    photo = access_photo(actor_from(request), photo_id, variant="consent of use")
    _change_consent(request, photo)
    return redirect("assessments:detail", assessment_id=photo.assessment_id)


@require_POST
def session_photo_consent(request: HttpRequest, session_photo_id: int) -> HttpResponse:
    photo = access_session_photo(actor_from(request), session_photo_id)
    _change_consent(request, photo)
    return redirect("charting:detail", session_id=photo.session_id)
