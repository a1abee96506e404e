"""The progress page of a course and the non-responder decision. Clinical capability
only: a course not the user's is a 404, like a missing one. Ids only in URLs."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mesoclinic.audit.actor import Actor, actor_from
from mesoclinic.courses.forms import show_error
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.courses.selectors import access_course
from mesoclinic.domain.errors import DomainError
from mesoclinic.progress.forms import DecisionForm, page_of
from mesoclinic.progress.presenters import page_context
from mesoclinic.progress.selectors import (
    CourseProgressView,
    course_progress,
    progress_of_course,
)
from mesoclinic.progress.services import non_responder_decision_record


def progress_panel(
    actor: Actor, course: Course, form: DecisionForm | None = None
) -> dict[str, Any]:
    """The course page's review panel, for a course already read through `access_course`;
    `form` is a decision refused, shown with its errors."""
    view = progress_of_course(actor, course)
    return {
        "review": view.review,
        "decisions": view.decisions,
        "form": form or DecisionForm(),
        # A course not running has nothing to review; its decisions, if any, stay shown.
        "shown": course.state == CourseState.ACTIVE or bool(view.decisions),
    }


def _page(
    request: HttpRequest, view: CourseProgressView, form: DecisionForm | None = None
) -> HttpResponse:
    context = {**page_context(view), "form": form or DecisionForm()}
    return render(request, "progress/page.html", context, status=422 if form else 200)


@never_cache
@require_GET
def progress_page(request: HttpRequest, course_id: int) -> HttpResponse:
    return _page(request, course_progress(actor_from(request), course_id))


@require_POST
def decision_view(request: HttpRequest, course_id: int) -> HttpResponse:
    actor = actor_from(request)
    course = access_course(actor, course_id, purpose="non-responder decision")
    form = DecisionForm(request.POST)
    page = page_of(request.POST.get("next"))
    if form.is_valid():
        try:
            non_responder_decision_record(
                actor=actor,
                course=course,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as refused:
            show_error(form, refused)
        else:
            messages.success(request, "Decision recorded. It is kept with the course.")
            target = "progress:page" if page == "progress" else "courses:detail"
            return redirect(target, course_id=course.id)
    if page == "progress":
        return _page(request, progress_of_course(actor, course), form)
    # Imported here: the course page itself imports this module for its review panel.
    from mesoclinic.courses.views import course_page

    return course_page(request, actor, course, failed=form)
