"""Assessment pages and photo downloads. Reads go through the access selectors, writes
through the services; grades and bands come from the domain via the presenters."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mesoclinic.assessments.forms import (
    AmendmentReasonForm,
    AssessmentEditor,
    EnteredInErrorForm,
    PhotoForm,
)
from mesoclinic.assessments.models import Assessment, AssessmentKind
from mesoclinic.assessments.presenters import area_views, change_views, worst_view
from mesoclinic.assessments.reassessments import reassessment_summary
from mesoclinic.assessments.responses import photo_response
from mesoclinic.assessments.selectors import (
    access_assessment,
    access_clinical_patient,
    access_photo,
    assessments_of,
    last_landmarks,
)
from mesoclinic.assessments.services import (
    KEEP,
    assessment_amend,
    assessment_create,
    assessment_mark_entered_in_error,
    assessment_sign,
    assessment_update,
    photo_add,
    photo_mark_entered_in_error,
)
from mesoclinic.audit.actor import Actor, actor_from
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.domain.errors import DomainError
from mesoclinic.patients.models import RecordStatus
from mesoclinic.planning.protocol import clinic_protocol


@never_cache
@require_GET
def assessment_list(request: HttpRequest, patient_id: int) -> HttpResponse:
    actor = actor_from(request)
    patient = access_clinical_patient(actor, patient_id, target="assessments")
    protocol = clinic_protocol(patient.clinic)
    rows = [
        (assessment, worst_view(area_views(assessment, protocol)))
        for assessment in assessments_of(actor, patient)
    ]
    return render(request, "assessments/list.html", {"patient": patient, "rows": rows})


@never_cache
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, patient_id: int) -> HttpResponse:
    actor = actor_from(request)
    patient = access_clinical_patient(actor, patient_id, target="assessment form")
    earlier = assessments_of(actor, patient)
    has_earlier = any(a.status == RecordStatus.ACTIVE for a in earlier)
    editor = AssessmentEditor(
        request.POST or None,
        protocol=clinic_protocol(patient.clinic),
        landmarks=last_landmarks(actor, patient),
        initial={
            "assessed_on": clinic_today(patient.clinic),
            "kind": AssessmentKind.FOLLOW_UP if has_earlier else AssessmentKind.INITIAL,
        },
    )
    if request.method == "POST" and editor.is_valid():
        try:
            assessment = assessment_create(
                actor=actor, patient_id=patient.id, areas=editor.entries, **editor.values
            )
        except DomainError as error:
            editor.add_domain_error(error)
        else:
            messages.success(request, "Assessment saved. Sign it when it is complete.")
            return redirect("assessments:detail", assessment_id=assessment.id)
    return render(
        request,
        "assessments/edit.html",
        {"patient": patient, "editor": editor, "title": "New assessment"},
        status=422 if request.method == "POST" else 200,
    )


def _detail(
    request: HttpRequest,
    actor: Actor,
    assessment: Assessment,
    photo_form: PhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    protocol = clinic_protocol(assessment.clinic)
    areas = area_views(assessment, protocol)
    labels = {view.row.id: view.label for view in areas}
    active = assessment.status == RecordStatus.ACTIVE
    context: dict[str, Any] = {
        "assessment": assessment,
        "patient": assessment.patient,
        "areas": areas,
        "worst": worst_view(areas),
        "photos": [
            (
                photo,
                labels.get(photo.area_score_id or 0, ""),
                EnteredInErrorForm(prefix=f"photo{photo.id}"),
            )
            for photo in assessment.photos.all()
        ],
        "amendments": [
            (amendment, change_views(amendment, protocol))
            for amendment in assessment.amendments.select_related("author")
        ],
        "is_author": assessment.author_id == actor.user.pk,
        "can_edit": active and not assessment.is_signed,
        "can_amend": active and assessment.is_signed,
        "active": active,
        "photo_form": photo_form
        or PhotoForm(
            areas=[(view.row.id, view.label) for view in areas],
            initial={"pose": request.GET.get("pose", "")},
        ),
        "reassessment_of": reassessment_summary(assessment),
        "error_form": EnteredInErrorForm(),
    }
    return render(request, "assessments/detail.html", context, status=status)


@never_cache
@require_GET
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = actor_from(request)
    return _detail(request, actor, access_assessment(actor, assessment_id))


@never_cache
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = actor_from(request)
    assessment = access_assessment(actor, assessment_id, purpose="edit")
    if assessment.is_signed or assessment.author_id != actor.user.pk:
        messages.error(
            request,
            "Only its author can edit an unsigned assessment; a signed one is amended.",
        )
        return redirect("assessments:detail", assessment_id=assessment.id)
    editor = AssessmentEditor(
        request.POST or None,
        protocol=clinic_protocol(assessment.clinic),
        landmarks=last_landmarks(actor, assessment.patient, before=assessment),
        assessment=assessment,
    )
    if request.method == "POST" and editor.is_valid():
        try:
            assessment_update(
                actor=actor, assessment=assessment, areas=editor.entries, **editor.values
            )
        except DomainError as error:
            editor.add_domain_error(error)
        else:
            messages.success(request, "Assessment saved.")
            return redirect("assessments:detail", assessment_id=assessment.id)
    return render(
        request,
        "assessments/edit.html",
        {
            "patient": assessment.patient,
            "assessment": assessment,
            "editor": editor,
            "title": "Edit assessment",
        },
        status=422 if request.method == "POST" else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def assessment_amend_view(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = actor_from(request)
    assessment = access_assessment(actor, assessment_id, purpose="amend")
    if not assessment.is_signed or assessment.status != RecordStatus.ACTIVE:
        messages.error(request, "Only a signed assessment in use is amended.")
        return redirect("assessments:detail", assessment_id=assessment.id)
    editor = AssessmentEditor(
        request.POST or None,
        protocol=clinic_protocol(assessment.clinic),
        landmarks=last_landmarks(actor, assessment.patient, before=assessment),
        assessment=assessment,
    )
    reason_form = AmendmentReasonForm(request.POST or None)
    if request.method == "POST" and all([editor.is_valid(), reason_form.is_valid()]):
        values = editor.values
        try:
            assessment_amend(
                actor=actor,
                assessment=assessment,
                reason=reason_form.cleaned_data["reason"],
                assessed_on=values["assessed_on"],
                weight_kg=values["weight_kg"],
                notes=values["notes"],
                areas=editor.entries,
                patient_satisfaction=values.get("patient_satisfaction", KEEP),
                patient_gais=values.get("patient_gais", KEEP),
            )
        except DomainError as error:
            if error.field == "reason":
                reason_form.add_error("reason", error.message)
            else:
                editor.add_domain_error(error)
        else:
            messages.success(request, "Amendment saved. The original values stay on record.")
            return redirect("assessments:detail", assessment_id=assessment.id)
    return render(
        request,
        "assessments/edit.html",
        {
            "patient": assessment.patient,
            "assessment": assessment,
            "editor": editor,
            "reason_form": reason_form,
            "title": "Amend signed assessment",
        },
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def assessment_sign_view(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = actor_from(request)
    assessment = access_assessment(actor, assessment_id, purpose="sign")
    try:
        assessment_sign(actor=actor, assessment=assessment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Assessment signed. From now on it is corrected by amendment.")
    return redirect("assessments:detail", assessment_id=assessment.id)


@require_POST
def assessment_entered_in_error(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = actor_from(request)
    assessment = access_assessment(actor, assessment_id, purpose="entered in error")
    form = EnteredInErrorForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("reason", "Say why this assessment was entered in error.")
        assessment_mark_entered_in_error(
            actor=actor, assessment=assessment, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Marked as entered in error. The record is kept, not deleted.")
    return redirect("assessments:detail", assessment_id=assessment.id)


@require_POST
def photo_upload(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = actor_from(request)
    assessment = access_assessment(actor, assessment_id, purpose="photo upload")
    protocol = clinic_protocol(assessment.clinic)
    areas = [(view.row.id, view.label) for view in area_views(assessment, protocol)]
    form = PhotoForm(request.POST, request.FILES, areas=areas)
    if form.is_valid():
        try:
            photo_add(
                actor=actor,
                assessment=assessment,
                pose=form.cleaned_data["pose"],
                upload=form.cleaned_data["file"],
                area_score_id=form.cleaned_data["area"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Photo added.")
            return redirect("assessments:detail", assessment_id=assessment.id)
    return _detail(request, actor, assessment, photo_form=form, status=422)


@require_GET
def photo_image(request: HttpRequest, photo_id: int) -> HttpResponseBase:
    return photo_response(access_photo(actor_from(request), photo_id), thumbnail=False)


@require_GET
def photo_thumbnail(request: HttpRequest, photo_id: int) -> HttpResponseBase:
    photo = access_photo(actor_from(request), photo_id, variant="thumbnail")
    return photo_response(photo, thumbnail=True)


@require_POST
def photo_entered_in_error(request: HttpRequest, photo_id: int) -> HttpResponse:
    actor = actor_from(request)
    photo = access_photo(actor, photo_id, variant="entered in error")
    form = EnteredInErrorForm(request.POST, prefix=f"photo{photo.id}")
    try:
        if not form.is_valid():
            raise DomainError("reason", "Say why this photo was entered in error.")
        photo_mark_entered_in_error(actor=actor, photo=photo, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Photo marked as entered in error. It is kept, not deleted.")
    return redirect("assessments:detail", assessment_id=photo.assessment_id)
