"""The reassessment of a course: opened from the course page, pre-filled from the course's
baseline, written through `reassessment_create` (which sets the course itself)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mesoclinic.assessments.presenters import area_views
from mesoclinic.assessments.reassessment_forms import ReassessmentEditor
from mesoclinic.assessments.reassessments import baseline_poses
from mesoclinic.assessments.services import reassessment_create, reassessment_problems
from mesoclinic.audit.actor import actor_from
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.selectors import access_course
from mesoclinic.domain.errors import DomainError
from mesoclinic.planning.protocol import clinic_protocol


@never_cache
@require_http_methods(["GET", "POST"])
def reassessment_new(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = actor_from(request)
    course = access_course(actor, course_id, purpose="reassessment form")
    baseline = course.assessment
    editor = ReassessmentEditor(
        request.POST or None,
        baseline=baseline,
        baseline_areas=area_views(baseline, clinic_protocol(course.clinic)),
        initial={"assessed_on": clinic_today(course.clinic)},
    )
    if request.method == "POST" and not editor.is_valid():
        # The service checks what the form could read, so one submit shows every error.
        editor.add_problems(
            reassessment_problems(
                actor=actor, course_id=course.id, areas=editor.entries, **editor.values
            )
        )
    elif request.method == "POST":
        try:
            assessment = reassessment_create(
                actor=actor, course_id=course.id, areas=editor.entries, **editor.values
            )
        except DomainError as error:
            editor.add_domain_error(error)
        else:
            messages.success(
                request, "Reassessment saved. Add its photos, then sign it when it is complete."
            )
            poses = baseline_poses(baseline)
            # Straight to the photo upload, in the baseline's first pose.
            where = reverse("assessments:detail", kwargs={"assessment_id": assessment.id})
            return redirect(f"{where}?pose={poses[0][0]}#add-photo" if poses else where)
    return render(
        request,
        "assessments/reassess.html",
        {
            "course": course,
            "patient": course.patient,
            "baseline": baseline,
            "editor": editor,
            "poses": baseline_poses(baseline),
        },
        status=422 if request.method == "POST" else 200,
    )
