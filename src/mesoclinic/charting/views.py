import zoneinfo
from datetime import time

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mesoclinic.access import Capability, access_clinic
from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import Appointment, AppointmentStatus
from mesoclinic.appointments.selectors import access_appointment
from mesoclinic.assessments.forms import PhotoConsentForm
from mesoclinic.assessments.gallery import pose_guides
from mesoclinic.assessments.photo_consent import consent_histories
from mesoclinic.assessments.responses import photo_response
from mesoclinic.audit.actor import Actor, actor_from
from mesoclinic.charting.aftercare import (
    DEFAULT_AFTERCARE,
    PLACEHOLDERS,
    aftercare_template_save,
    session_aftercare,
)
from mesoclinic.charting.body_map import lot_body_map, session_body_map
from mesoclinic.charting.entered_in_error import session_mark_entered_in_error
from mesoclinic.charting.forms import (
    AftercareForm,
    AmendForm,
    ChartForm,
    EnteredInErrorForm,
    SessionPhotoForm,
)
from mesoclinic.charting.models import AftercareTemplate, TreatmentSession
from mesoclinic.charting.photos import access_session_photo, session_photo_add, session_photos
from mesoclinic.charting.recall import recall_csv, recall_report
from mesoclinic.charting.selectors import access_session, next_chart_number
from mesoclinic.charting.services import (
    AMENDABLE,
    ChartRefused,
    chart_refusals,
    session_amend,
    session_chart,
)
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.courses.selectors import access_course
from mesoclinic.courses.services import CourseBlocked, course_start
from mesoclinic.domain.errors import DomainError
from mesoclinic.formulary.selectors import access_lots
from mesoclinic.pages.form_errors import add_refusal, add_refusals
from mesoclinic.patients.models import RecordStatus
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.screening.readiness import course_start_blockers

INVALID = 422


def _session_appointment(request: HttpRequest, actor: Actor, course: Course) -> Appointment | None:
    """The appointment the chart was opened from (its id in the query), or None."""
    value = request.GET.get("appointment", "")
    if not value.isdigit():
        return None
    row = access_appointment(actor, int(value))
    if row.course_id != course.id:
        raise Http404("No such record.")
    return row


def _checked_in_time(row: Appointment | None, course: Course) -> time | None:
    """The check-in the front desk recorded for this session, on the clinic's clock."""
    if row is None or row.status_changed_at is None:
        return None
    if row.status not in (AppointmentStatus.CHECKED_IN, AppointmentStatus.COMPLETED):
        return None
    return to_wall(row.status_changed_at, course.clinic).time().replace(second=0, microsecond=0)


def _chart_page(
    request: HttpRequest,
    actor: Actor,
    course: Course,
    *,
    blockers: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    protocol = clinic_protocol(course.clinic)
    today = clinic_today(course.clinic)
    appointment = _session_appointment(request, actor, course)
    # Every lot on the shelf is offered, marked when expired or recalled: the practitioner
    # picks the lot printed on the vial in hand, and the guards say why it cannot be used.
    lots = list(
        access_lots(actor)
        .filter(clinic_id=course.clinic_id, on_hand_ml__gt=0, product__active=True)
        .select_related("product")
        .order_by("product__name", "expiry_date")
    )
    now_there = timezone.localtime(timezone=zoneinfo.ZoneInfo(course.clinic.time_zone))
    checked_in = _checked_in_time(appointment, course)
    initial = {
        "performed_on": today,
        "duration_minutes": protocol.session_minutes,
        "checked_in": checked_in or now_there.time().replace(second=0, microsecond=0),
    }
    charting = request.method == "POST" and "start_course" not in request.POST
    form = ChartForm(
        request.POST if charting else None,
        initial=initial,
        protocol=protocol,
        lots=lots,
        today=today,
    )
    if charting:
        # One submit shows every refusal: the form's own and, from the fields that are
        # valid, the guards', each beside its field or product row.
        problems = []
        try:
            if form.is_valid():
                session = session_chart(actor=actor, course=course, entry=form.entry())
                return redirect("charting:detail", session_id=session.id)
            inputs = form.guard_inputs()
            if inputs is not None:
                problems = chart_refusals(actor=actor, course=course, **inputs)
        except ChartRefused as refused:
            problems = refused.problems
        except DomainError as error:
            add_refusal(form, error.field, error.message)
        # Every place is found before any is marked: marking a field takes it out of the
        # cleaned data the places are read from. A field the form already refused keeps
        # its own message (the guards saw it as left out).
        refused_fields = set(form.errors)
        places = [
            (place, p.message)
            for p in problems
            for place in form.problem_places(p)
            if place not in refused_fields
        ]
        add_refusals(form, places)
    planned = course.state == CourseState.PLANNED
    if planned and blockers is None:
        blockers = course_start_blockers(actor, course.patient, today)
    return render(
        request,
        "charting/new.html",
        {
            "form": form,
            "course": course,
            "patient": course.patient,
            "number": next_chart_number(course),
            "appointment": appointment,
            "checked_in": checked_in,
            "planned": planned,
            "blockers": blockers or [],
            "query": f"?appointment={appointment.id}" if appointment is not None else "",
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def chart_new(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = actor_from(request)
    course = access_course(actor, course_id, "chart")
    if request.method == "POST" and "start_course" in request.POST:
        # A planned course is started here, at the chair, after the same readiness checks
        # as on the course page; the chart form follows once it is active.
        try:
            course_start(actor=actor, course=course)
        except CourseBlocked as blocked:
            return _chart_page(request, actor, course, blockers=blocked.reasons, status=INVALID)
        except DomainError as refused:
            return _chart_page(request, actor, course, blockers=[refused.message], status=INVALID)
        messages.success(request, "Course started.")
        return redirect(request.get_full_path())
    return _chart_page(request, actor, course)


def _detail(
    request: HttpRequest,
    session: TreatmentSession,
    error_form: EnteredInErrorForm | None = None,
    status: int = 200,
) -> HttpResponse:
    active = session.status == RecordStatus.ACTIVE
    # A chart entered in error gives the patient nothing to take home.
    aftercare = session_aftercare(session) if active else ""
    photos = session_photos(session)
    histories = consent_histories(photos)
    return render(
        request,
        "charting/detail.html",
        {
            "session": session,
            "patient": session.patient,
            "active": active,
            "aftercare": aftercare,
            "photos": [
                (
                    photo,
                    PhotoConsentForm(prefix=f"consent{photo.id}", initial={"uses": photo.uses}),
                    histories[photo.id],
                )
                for photo in photos
            ],
            "pose_guides": pose_guides(actor_from(request), session.patient, session.course)
            if active
            else {},
            "body_map": session_body_map(session, clinic_protocol(session.clinic)),
            "photo_form": SessionPhotoForm(),
            "error_form": error_form or EnteredInErrorForm(auto_id="id_error_%s"),
        },
        status=status,
    )


@require_GET
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    return _detail(request, access_session(actor_from(request), session_id))


@require_POST
def session_entered_in_error(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = actor_from(request)
    session = access_session(actor, session_id)
    if session.status != RecordStatus.ACTIVE:
        messages.error(request, "This chart is already marked entered in error.")
        return redirect("charting:detail", session_id=session.id)
    form = EnteredInErrorForm(request.POST, auto_id="id_error_%s")
    if form.is_valid():
        try:
            session_mark_entered_in_error(
                actor=actor, session=session, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                "Chart marked entered in error: it is kept, its stock is back on its lots and "
                "the session is off the course's count.",
            )
            return redirect("charting:detail", session_id=session.id)
    return _detail(request, session, error_form=form, status=INVALID)


def _refused_if_entered_in_error(request: HttpRequest, session: TreatmentSession) -> bool:
    if session.status == RecordStatus.ACTIVE:
        return False
    messages.error(request, "This chart was entered in error: it cannot be changed.")
    return True


@require_GET
def recall_report_page(request: HttpRequest, lot_id: int) -> HttpResponse:
    lot, rows = recall_report(actor_from(request), lot_id)
    return render(
        request,
        "charting/recall_report.html",
        {"lot": lot, "rows": rows, "body_map": lot_body_map(lot, rows)},
    )


@never_cache
@require_GET
def recall_report_csv(request: HttpRequest, lot_id: int) -> HttpResponse:
    lot, rows = recall_report(actor_from(request), lot_id)
    response = HttpResponse(recall_csv(lot, rows), content_type="text/csv; charset=utf-8")
    # A generated name: the lot number is the supplier's text, not ours to put in a header.
    response["Content-Disposition"] = f'attachment; filename="recall-lot-{lot.id}.csv"'
    return response


@require_http_methods(["GET", "POST"])
def aftercare_edit(request: HttpRequest, clinic_id: int) -> HttpResponse:
    actor = actor_from(request)
    clinic = access_clinic(actor, clinic_id, Capability.SETUP)
    current = AftercareTemplate.objects.filter(clinic=clinic).first()
    form = AftercareForm(
        request.POST or None, initial={"body": current.body if current else DEFAULT_AFTERCARE}
    )
    if request.method == "POST" and form.is_valid():
        try:
            aftercare_template_save(
                actor=actor, clinic_id=clinic.id, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, "Aftercare text saved.")
            return redirect("charting:aftercare", clinic_id=clinic.id)
    return render(
        request,
        "charting/aftercare_edit.html",
        {
            "form": form,
            "clinic": clinic,
            "placeholders": PLACEHOLDERS,
            "is_default": current is None,
        },
    )


@require_http_methods(["GET", "POST"])
def session_amend_view(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = actor_from(request)
    session = access_session(actor, session_id)
    if _refused_if_entered_in_error(request, session):
        return redirect("charting:detail", session_id=session.id)
    form = AmendForm(
        request.POST or None, initial={field: getattr(session, field) for field in AMENDABLE}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session_amend(
                actor=actor,
                session=session,
                reason=data["reason"],
                **{field: data[field] for field in AMENDABLE},
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Chart amended; the original stays visible.")
            return redirect("charting:detail", session_id=session.id)
    return render(
        request,
        "charting/amend.html",
        {"form": form, "session": session, "patient": session.patient},
    )


@require_http_methods(["POST"])
def session_photo_upload(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = actor_from(request)
    session = access_session(actor, session_id)
    if _refused_if_entered_in_error(request, session):
        return redirect("charting:detail", session_id=session.id)
    form = SessionPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            session_photo_add(
                actor=actor,
                session=session,
                pose=form.cleaned_data["pose"],
                upload=form.cleaned_data["photo"],
                uses=form.cleaned_data["uses"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Photo added.")
    else:
        messages.error(request, "Choose a pose and a photo to upload.")
    return redirect("charting:detail", session_id=session.id)


@never_cache
@require_GET
def session_photo(request: HttpRequest, session_photo_id: int) -> FileResponse:
    photo = access_session_photo(actor_from(request), session_photo_id)
    return photo_response(photo, thumbnail=False, kind="session-photo")


@never_cache
@require_GET
def session_photo_thumbnail(request: HttpRequest, session_photo_id: int) -> FileResponse:
    photo = access_session_photo(actor_from(request), session_photo_id)
    return photo_response(photo, thumbnail=True, kind="session-photo")
