"""Where a course stands with its reassessments: the point due now, the next one, and the
reassessments taken. Rows are put into `domain.reassessment`'s terms, which decides.

The caller has read the courses through an access-checked selector (`access_course`, the
day's schedule); these reads add to it the course's charts and reassessments, a fixed
number of queries however many courses are asked about.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mesoclinic.access import Capability, scoped
from mesoclinic.assessments.models import Assessment, Pose
from mesoclinic.assessments.presenters import gais_label
from mesoclinic.audit.actor import Actor
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.courses.models import Course, CourseBlock, CourseState
from mesoclinic.domain.reassessment import CourseCounts, ReassessmentStatus, reassessment_status
from mesoclinic.domain.reassessment_areas import SATISFACTION_SCORES
from mesoclinic.patients.models import RecordStatus
from mesoclinic.planning.protocol import clinic_protocol


@dataclass(frozen=True)
class CourseReassessment:
    status: ReassessmentStatus
    reassessments: list[Assessment]  # the course's, oldest first (not entered in error)


def _session_dates(course: Course, charted: dict[int, date]) -> tuple[date, ...]:
    """The date of each session done, in order: its chart's, else (sessions counted
    without a chart) the current block's recorded date, else the last session's."""
    done = course.sessions_done_total
    before_block = done - course.sessions_done
    block_dates = course.dates[: course.sessions_done]
    fallback = course.last_session_on or course.starts_on
    days = []
    for number in range(1, done + 1):
        if number in charted:
            days.append(charted[number])
        elif number > before_block:
            days.append(block_dates[number - before_block - 1])
        else:
            days.append(fallback)
    return tuple(days)


def _counts(
    course: Course,
    blocks: list[CourseBlock],
    charted: dict[int, date],
    reassessed: list[date],
) -> CourseCounts:
    earlier = [b.sessions_done for b in blocks if b.number < course.block_number]
    return CourseCounts(
        every=clinic_protocol(course.clinic).outcomes.reassess_every_sessions,
        in_blocks=course.in_blocks,
        blocks=(*earlier, course.sessions_planned),
        completed=course.state == CourseState.COMPLETED,
        stopped=course.state == CourseState.STOPPED,
        session_dates=_session_dates(course, charted),
        reassessed_on=tuple(reassessed),
    )


def _reassessments(course_ids: list[int]) -> dict[int, list[Assessment]]:
    found: dict[int, list[Assessment]] = defaultdict(list)
    rows = Assessment.objects.filter(course_id__in=course_ids, status=RecordStatus.ACTIVE).order_by(
        "assessed_on", "id"
    )
    for row in rows:
        if row.course_id is not None:
            found[row.course_id].append(row)
    return found


def reassessment_statuses(courses: Sequence[Course]) -> dict[int, CourseReassessment]:
    """Each course's reassessment status, by course id, in three queries for them all."""
    ids = [course.id for course in courses]
    blocks: dict[int, list[CourseBlock]] = defaultdict(list)
    for block in CourseBlock.objects.filter(course_id__in=ids):
        blocks[block.course_id].append(block)
    charted: dict[int, dict[int, date]] = defaultdict(dict)
    sessions = TreatmentSession.objects.filter(course_id__in=ids, status=RecordStatus.ACTIVE)
    for course_id, number, on in sessions.values_list("course_id", "number", "performed_on"):
        charted[course_id][number] = on
    taken = _reassessments(ids)
    return {
        course.id: CourseReassessment(
            status=reassessment_status(
                _counts(
                    course,
                    blocks[course.id],
                    charted[course.id],
                    [a.assessed_on for a in taken[course.id] if a.is_signed],
                )
            ),
            reassessments=taken[course.id],
        )
        for course in courses
    }


def course_reassessment(course: Course) -> CourseReassessment:
    return reassessment_statuses([course])[course.id]


def baseline_poses(baseline: Assessment) -> list[tuple[str, str]]:
    """The poses the baseline was photographed in, (value, label), in the standard order:
    a reassessment repeats them so the photos can be compared."""
    taken = set(baseline.photos.filter(status=RecordStatus.ACTIVE).values_list("pose", flat=True))
    return [(pose.value, str(pose.label)) for pose in Pose if pose.value in taken]


@dataclass(frozen=True)
class ReassessmentSummary:
    """What a reassessment's page adds: its course, the patient's ratings in words, and
    the baseline's poses still to photograph."""

    course: Course
    satisfaction: str
    patient_gais: str
    poses_to_take: list[tuple[str, str]]


def reassessment_summary(assessment: Assessment) -> ReassessmentSummary | None:
    """None for an assessment that is not a course's reassessment."""
    course = assessment.course
    if course is None:
        return None
    taken = set(assessment.photos.filter(status=RecordStatus.ACTIVE).values_list("pose", flat=True))
    satisfaction = assessment.patient_satisfaction
    return ReassessmentSummary(
        course=course,
        satisfaction=(
            f"{satisfaction}: {SATISFACTION_SCORES[satisfaction]}"
            if satisfaction in SATISFACTION_SCORES
            else ""
        ),
        patient_gais=gais_label(assessment.patient_gais),
        poses_to_take=[p for p in baseline_poses(course.assessment) if p[0] not in taken],
    )


def reassessments_due(actor: Actor, clinic_id: int, course_ids: list[int]) -> dict[int, str]:
    """For the day's list: the reason each course named is due a reassessment, by course id
    (courses not due are left out). A fixed number of queries for any number of courses."""
    courses = list(
        scoped(Course.objects.select_related("clinic"), actor, Capability.CLINICAL).filter(
            clinic_id=clinic_id, id__in=set(course_ids)
        )
    )
    return {
        course_id: shown.status.due.reason
        for course_id, shown in reassessment_statuses(courses).items()
        if shown.status.due is not None
    }
