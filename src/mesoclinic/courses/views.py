"""Course pages. Clinical capability only (front desk and chain managers get 404), ids
only in URLs, every change a POST through a service."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from mesoclinic.access import Capability, access_patient
from mesoclinic.assessments.models import Assessment, AssessmentKind
from mesoclinic.assessments.reassessments import course_reassessment
from mesoclinic.audit.actor import Actor, actor_from
from mesoclinic.charting.body_map import course_body_map
from mesoclinic.charting.selectors import course_charts
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.forms import ChangeForm, CourseForm, NextBlockForm, StopForm, show_error
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.courses.presenters import (
    STATE_CLASSES,
    STATE_MARKS,
    cadence_label,
    change_rows,
    planned_days,
    snapshot_rows,
)
from mesoclinic.courses.selectors import (
    access_course,
    latest_assessment,
    open_course_for,
    patient_courses,
)
from mesoclinic.courses.services import (
    CourseBlocked,
    course_change,
    course_complete,
    course_create,
    course_estimate,
    course_plan_next_block,
    course_start,
    course_stop,
    usable_assessment,
)
from mesoclinic.domain import course as rules
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.estimate import CourseEstimate
from mesoclinic.planning.presenters import summary_rows
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.progress.forms import DecisionForm
from mesoclinic.progress.views import progress_panel
from mesoclinic.recalls.selectors import course_recalls
from mesoclinic.screening.readiness import course_start_blockers


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


# -- the patient's courses --------------------------------------------------------------


@never_cache
@require_GET
def course_list(request: HttpRequest, patient_id: int) -> HttpResponse:
    actor = actor_from(request)
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="course list")
    courses = patient_courses(actor, patient)
    return render(
        request,
        "courses/list.html",
        {
            "patient": patient,
            "rows": [(c, STATE_MARKS[c.state], STATE_CLASSES[c.state]) for c in courses],
            "open_course": next((c for c in courses if c.is_open), None),
        },
    )


# -- a new course -----------------------------------------------------------------------


def _first_block(estimate: CourseEstimate, assessment: Assessment) -> dict[str, Any]:
    """The estimate as the page shows it, and what a course from it would plan now."""
    shown: dict[str, Any] = {"estimate": estimate, "rows": summary_rows(estimate)}
    try:
        sessions, in_blocks = rules.first_block_sessions(
            estimate, clinic_protocol(assessment.clinic)
        )
    except DomainError as error:
        shown["refusal"] = error.message
    else:
        shown.update(first_sessions=sessions, in_blocks=in_blocks, dates=estimate.dates[:sessions])
    return shown


@never_cache
@require_http_methods(["GET", "POST"])
def course_new(request: HtmxHttpRequest, patient_id: int) -> HttpResponse:
    """The estimate from the latest signed assessment for the values chosen, and the
    course created from it. A POST with `preview` (sent by htmx on every change, or by
    the Update button) only shows the estimate again."""
    actor = actor_from(request)
    patient = access_patient(actor, patient_id, Capability.CLINICAL, target="course form")
    protocol = clinic_protocol(patient.clinic)
    today = clinic_today(patient.clinic)
    open_course = open_course_for(actor, patient)
    assessment: Assessment | None = None
    assessment_problem = ""
    try:
        assessment = usable_assessment(actor, patient)
    except DomainError as error:
        assessment_problem = error.message
    latest = assessment or latest_assessment(actor, patient)
    first_day = max(today, assessment.assessed_on) if assessment else today
    data = request.POST if request.method == "POST" else None
    initial = {
        **CourseForm.defaults(protocol, first_day),
        "assessment": latest.id if latest else "",
    }
    form = CourseForm(data or initial, protocol=protocol)
    blockers = course_start_blockers(actor, patient, today)
    shown: dict[str, Any] = {}
    status = 200
    if assessment is not None and form.is_valid():
        try:
            estimate = course_estimate(
                assessment=assessment,
                starts_on=form.cleaned_data["starts_on"],
                cadence_days=form.cadence_days,
                expectation=form.cleaned_data["expectation"],
                lifestyle=form.cleaned_data["lifestyle"],
            )
        except DomainError as error:
            show_error(form, error)
        else:
            shown = _first_block(estimate, assessment)
            shown["computed_from"] = form.computed_from()
    creating = request.method == "POST" and "preview" not in request.POST
    if creating and assessment is not None and form.is_valid():
        try:
            course = course_create(
                actor=actor,
                patient=patient,
                assessment_id=form.cleaned_data["assessment"],
                starts_on=form.cleaned_data["starts_on"],
                cadence_days=form.cadence_days,
                expectation=form.cleaned_data["expectation"],
                lifestyle=form.cleaned_data["lifestyle"],
                sessions=form.cleaned_data["sessions"],
                reason=form.cleaned_data["reason"],
            )
        except CourseBlocked as blocked:
            blockers = blocked.reasons
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, "Course planned. Start it at the first session.")
            return redirect("courses:detail", course_id=course.id)
    if creating:
        status = 422
    context = {
        "patient": patient,
        "protocol": protocol,
        "form": form,
        "assessment": assessment,
        "latest": latest,
        "assessment_problem": assessment_problem,
        "open_course": open_course,
        "blockers": blockers,
        **shown,
    }
    # A live change gets the recommendation and the error slots only: the inputs stay.
    template = "courses/_new_live.html" if request.htmx else "courses/new.html"
    return render(request, template, context, status=200 if request.htmx else status)


# -- one course -------------------------------------------------------------------------


def _reassessment_problem(actor: Actor, course: Course) -> str:
    """Why the next block cannot be planned yet, from the latest assessment; "" when it can."""
    assessment = latest_assessment(actor, course.patient)
    if assessment is None:
        return "No assessment on record: reassess the patient."
    try:
        rules.check_reassessment(
            block=course.block_number,
            block_ends=course.dates[-1],
            assessed_on=assessment.assessed_on,
            follow_up=assessment.kind == AssessmentKind.FOLLOW_UP,
            signed=assessment.is_signed,
        )
    except DomainError as error:
        return error.message
    return ""


def _can(action: Any, *args: Any) -> bool:
    try:
        action(*args)
    except DomainError:
        return False
    return True


def _detail(
    request: HttpRequest,
    actor: Actor,
    course: Course,
    *,
    failed: forms.Form | None = None,
    blockers: list[str] | None = None,
    error: str = "",
) -> HttpResponse:
    protocol = clinic_protocol(course.clinic)
    today = clinic_today(course.clinic)
    progress = course.progress
    if blockers is None and course.state == CourseState.PLANNED:
        blockers = course_start_blockers(actor, course.patient, today)

    def form_for(kind: type[forms.Form], **kwargs: Any) -> forms.Form:
        return failed if isinstance(failed, kind) else kind(**kwargs)

    context = {
        "course": course,
        "patient": course.patient,
        "protocol": protocol,
        "cadence": cadence_label(protocol, course.cadence_days),
        "mark": STATE_MARKS[course.state],
        "state_class": STATE_CLASSES[course.state],
        "days": planned_days(course),
        "snapshot": snapshot_rows(course.estimate),
        "explanation": course.estimate.get("explanation", []),
        "blocks": list(course.blocks.all()),
        "charts": course_charts(course),
        "body_map": course_body_map(course),
        "recalls": course_recalls(course),
        "progress_panel": progress_panel(
            actor, course, failed if isinstance(failed, DecisionForm) else None
        ),
        "reassessment": course_reassessment(course),
        "changes": change_rows(course, protocol),
        "blockers": blockers or [],
        "error": error,
        "can_start": course.state == CourseState.PLANNED,
        "can_stop": course.is_open,
        "can_complete": _can(rules.complete, progress),
        "can_change": course.is_open and not course.awaiting_reassessment,
        "can_plan_block": course.awaiting_reassessment and course.is_open,
        "reassessment_problem": (
            _reassessment_problem(actor, course) if course.awaiting_reassessment else ""
        ),
        "stop_form": form_for(StopForm, auto_id="id_stop_%s"),
        "change_form": form_for(
            ChangeForm,
            protocol=protocol,
            initial={"sessions": course.sessions_planned},
            auto_id="id_change_%s",
        ),
        "block_form": form_for(
            NextBlockForm,
            initial={
                "expectation": course.expectation,
                "lifestyle": course.lifestyle,
                "starts_on": _next_block_day(course, today),
            },
            auto_id="id_block_%s",
        ),
    }
    status = 422 if failed is not None or error else 200
    return render(request, "courses/detail.html", context, status=status)


# The course page as the decision form refused on it re-renders it, its errors in place.
course_page = _detail


def _next_block_day(course: Course, today: date) -> date:
    last = course.last_session_on
    return max(today, last + timedelta(days=course.cadence_days)) if last else today


@never_cache
@require_GET
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = actor_from(request)
    return _detail(request, actor, access_course(actor, course_id))


def _done(request: HttpRequest, course: Course, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("courses:detail", course_id=course.id)


@require_POST
def course_start_view(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = actor_from(request)
    course = access_course(actor, course_id, purpose="start")
    try:
        course_start(actor=actor, course=course)
    except CourseBlocked as blocked:
        return _detail(request, actor, course, blockers=blocked.reasons, error=blocked.message)
    except DomainError as refused:
        return _detail(request, actor, course, error=refused.message)
    return _done(request, course, "Course started.")


@require_POST
def course_stop_view(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = actor_from(request)
    course = access_course(actor, course_id, purpose="stop")
    form = StopForm(request.POST, auto_id="id_stop_%s")
    if form.is_valid():
        try:
            course_stop(actor=actor, course=course, reason=form.cleaned_data["reason"])
        except DomainError as refused:
            show_error(form, refused)
        else:
            return _done(request, course, "Course stopped. The reason is kept with it.")
    return _detail(request, actor, course, failed=form)


@require_POST
def course_complete_view(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = actor_from(request)
    course = access_course(actor, course_id, purpose="complete")
    try:
        course_complete(actor=actor, course=course)
    except DomainError as refused:
        return _detail(request, actor, course, error=refused.message)
    return _done(request, course, "Course completed.")


@require_POST
def course_change_view(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = actor_from(request)
    course = access_course(actor, course_id, purpose="change")
    form = ChangeForm(request.POST, protocol=clinic_protocol(course.clinic), auto_id="id_change_%s")
    if form.is_valid():
        try:
            course_change(
                actor=actor,
                course=course,
                reason=form.cleaned_data["reason"],
                sessions=form.cleaned_data["sessions"],
                cadence_days=form.cadence_days,
            )
        except DomainError as refused:
            show_error(form, refused)
        else:
            return _done(request, course, "Plan changed. The reason is kept with the change.")
    return _detail(request, actor, course, failed=form)


@require_POST
def course_block_view(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = actor_from(request)
    course = access_course(actor, course_id, purpose="next block")
    form = NextBlockForm(request.POST, auto_id="id_block_%s")
    if form.is_valid():
        try:
            course_plan_next_block(
                actor=actor,
                course=course,
                starts_on=form.cleaned_data["starts_on"],
                expectation=form.cleaned_data["expectation"],
                lifestyle=form.cleaned_data["lifestyle"],
            )
        except CourseBlocked as blocked:
            form.add_error(None, blocked.message)
        except DomainError as refused:
            show_error(form, refused)
        else:
            return _done(request, course, "Next block planned from the reassessment.")
    return _detail(request, actor, course, failed=form)
