"""Reading progress: the course's baseline and signed reassessments, its charted sessions
and the decisions on it, turned into the domain's `CourseProgressData` and read there.

Everything goes through the access-checked querysets. The queries are the same in number
for one course or a clinic's courses, whatever the number of assessments or sessions:
a few batched reads, then pure computation.
"""

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from mesoclinic.access import Capability, access_clinic, scoped
from mesoclinic.assessments.models import AreaScore, Assessment
from mesoclinic.assessments.presenters import scored_from_row
from mesoclinic.assessments.selectors import access_assessments
from mesoclinic.audit.actor import Actor
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.courses.selectors import access_course, access_courses
from mesoclinic.domain.non_responder import Review, ReviewStatus, non_responder_review
from mesoclinic.domain.outcomes import index_area
from mesoclinic.domain.progress import AreaReading, CourseProgressData, Visit, progress_data
from mesoclinic.patients.models import RecordStatus
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.progress.models import NonResponderDecision


def _reading(row: AreaScore) -> AreaReading:
    return AreaReading(
        area=row.area,
        side=row.side,
        nm_grade=row.nm_grade,
        css_items=row.css_items,
        css_total=row.css_total,
        circumference_cm=row.circumference_cm,
        landmark=row.landmark,
        gais=row.gais,
    )


def _visit(assessment: Assessment, baseline: bool) -> Visit:
    return Visit(
        assessment_id=assessment.id,
        on=assessment.assessed_on,
        baseline=baseline,
        weight_kg=assessment.weight_kg,
        satisfaction=assessment.patient_satisfaction,
        patient_gais=assessment.patient_gais,
        readings=tuple(_reading(row) for row in assessment.areas.all()),
    )


def _progress_of(actor: Actor, courses: Sequence[Course]) -> dict[int, CourseProgressData]:
    """Each course's progress in four queries, however many courses, visits and sessions."""
    if not courses:
        return {}
    ids = [course.id for course in courses]
    assessments = (
        access_assessments(actor)
        .filter(
            Q(id__in=[course.assessment_id for course in courses])
            | Q(course_id__in=ids, status=RecordStatus.ACTIVE, signed_at__isnull=False)
        )
        .prefetch_related("areas")
    )
    by_id = {a.id: a for a in assessments}
    later_of = set(ids)
    later: dict[int, list[Assessment]] = defaultdict(list)
    for assessment in by_id.values():
        # A baseline may itself be a reassessment of an earlier course: it counts for
        # that course only when it also stands and is signed.
        standing = assessment.status == RecordStatus.ACTIVE and assessment.is_signed
        if assessment.course_id in later_of and standing:
            later[assessment.course_id].append(assessment)
    sessions = defaultdict(list)
    charted = (
        scoped(TreatmentSession.objects.all(), actor, Capability.CLINICAL)
        .filter(course_id__in=ids, status=RecordStatus.ACTIVE)
        .values_list("course_id", "performed_on")
    )
    for course_id, performed_on in charted:
        sessions[course_id].append(performed_on)
    progress = {}
    for course in courses:
        protocol = clinic_protocol(course.clinic)
        baseline = by_id[course.assessment_id]
        progress[course.id] = progress_data(
            course_id=course.id,
            baseline=_visit(baseline, baseline=True),
            reassessments=[_visit(a, baseline=False) for a in later[course.id]],
            session_dates=sessions[course.id],
            index=index_area([scored_from_row(row) for row in baseline.areas.all()], protocol),
            protocol=protocol,
        )
    return progress


def _decisions(course_ids: Sequence[int]) -> dict[int, list[NonResponderDecision]]:
    found: dict[int, list[NonResponderDecision]] = defaultdict(list)
    rows = NonResponderDecision.objects.filter(course_id__in=course_ids).select_related(
        "author", "reassessment"
    )
    for row in rows:
        found[row.course_id].append(row)
    return found


def _review(
    course: Course, progress: CourseProgressData, decisions: list[NonResponderDecision]
) -> Review:
    if course.state != CourseState.ACTIVE:
        return Review(ReviewStatus.NOT_DUE, "The course is not running: nothing to review.")
    return non_responder_review(
        progress,
        on=clinic_today(course.clinic),
        protocol=clinic_protocol(course.clinic),
        answered={d.reassessment_id for d in decisions},
    )


@dataclass(frozen=True)
class CourseProgressView:
    """Everything the progress page, the course page and the API read about one course."""

    course: Course
    progress: CourseProgressData
    review: Review
    decisions: list[NonResponderDecision]


def course_progress(actor: Actor, course_id: int, purpose: str = "progress") -> CourseProgressView:
    """One course's progress, or 404 when the course is not the actor's; audited read."""
    course = access_course(actor, course_id, purpose=purpose)
    return progress_of_course(actor, course)


def progress_of_course(actor: Actor, course: Course) -> CourseProgressView:
    """For a course the caller has already read through `access_course` (which audited)."""
    progress = _progress_of(actor, [course])[course.id]
    decisions = _decisions([course.id])[course.id]
    return CourseProgressView(course, progress, _review(course, progress, decisions), decisions)


@dataclass(frozen=True)
class FlaggedCourse:
    """A course awaiting the practitioner's decision, with the numbers that raised it:
    the index area's change from the baseline to the reassessment read at the review."""

    course: Course
    review: Review  # `change` holds the AreaChange, `reassessment` the Visit
    sessions: int  # charted by the reassessment's day

    @property
    def reassessed_on(self) -> date | None:
        return self.review.reassessment.on if self.review.reassessment else None

    @property
    def css_change(self) -> int | None:
        return self.review.change.css_change if self.review.change else None

    @property
    def circumference_change_cm(self) -> Decimal | None:
        return self.review.change.circumference_change_cm if self.review.change else None


def _clinic_reviews(
    actor: Actor, clinic: Clinic, course_ids: Collection[int] | None = None
) -> list[tuple[Course, CourseProgressData, Review]]:
    """The clinic's active courses (those of `course_ids` only, when given) with their
    progress and review, oldest first, in a constant number of queries however many."""
    # The course row with its clinic (protocol, time zone) and patient (the name shown) is
    # all a review reads: the course page's blocks and changes would cost more than it.
    running = (
        access_courses(actor)
        .select_related(None)
        .prefetch_related(None)
        .select_related("clinic", "patient")
        .filter(clinic_id=clinic.id, state=CourseState.ACTIVE)
    )
    if course_ids is not None:
        running = running.filter(id__in=course_ids)
    courses = list(running)
    progress = _progress_of(actor, courses)
    decisions = _decisions([c.id for c in courses])
    return [
        (c, progress[c.id], _review(c, progress[c.id], decisions[c.id]))
        for c in sorted(courses, key=lambda c: (c.created_at, c.id))
    ]


def course_reviews(actor: Actor, clinic: Clinic, course_ids: Collection[int]) -> dict[int, Review]:
    """The review of each of these courses that is running at a clinic the actor reads
    clinically, by course id: today's list asks about its day's courses, in a few queries
    for all its rows, and reads nothing of the clinic's other courses."""
    return {c.id: review for c, _, review in _clinic_reviews(actor, clinic, course_ids)}


def flagged_courses(actor: Actor, clinic: Clinic | int) -> list[FlaggedCourse]:
    """The clinic's active courses that show no change at their review and await the
    practitioner's decision, oldest course first; 404 for a clinic not the actor's."""
    clinic = access_clinic(
        actor, clinic if isinstance(clinic, int) else clinic.id, Capability.CLINICAL
    )
    flagged = [
        (course, progress, review)
        for course, progress, review in _clinic_reviews(actor, clinic)
        if review.needs_decision and review.reassessment is not None
    ]
    # The few flagged courses are read again whole, as every other reader of a course gets it.
    whole = access_courses(actor).in_bulk([course.id for course, _, _ in flagged])
    return [
        FlaggedCourse(whole[course.id], review, progress.sessions_by(review.reassessment.on))
        for course, progress, review in flagged
        if review.reassessment is not None
    ]
