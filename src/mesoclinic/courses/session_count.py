"""Sessions done on a course: counting one in when it is charted, and taking one back
when its chart is entered in error (which may reopen a course it completed)."""

from datetime import date, datetime

from django.db import IntegrityError, transaction

from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.models import (
    OPEN_STATES,
    Course,
    CourseBlock,
)
from mesoclinic.courses.services import _audit, _locked, _note_if_completed
from mesoclinic.domain import course as rules
from mesoclinic.domain.errors import DomainError


def course_record_session_done(*, actor: Actor, course: Course, on: date) -> Course:
    """One charted session of the active course, on `on` (the clinic's date). The last
    planned session completes a course not in blocks; in blocks, it ends the block, which
    then awaits a reassessment. The sessions still to come follow on from `on`."""
    with transaction.atomic():
        course = _locked(actor, course)
        progress = rules.record_session(course.progress)
        rules.check_session_day(on, last=course.last_session_on, today=clinic_today(course.clinic))
        course.dates = rules.after_session(
            course.dates, done_before=course.sessions_done, on=on, cadence_days=course.cadence_days
        )
        course.take(progress)
        course.sessions_done_total += 1
        course.last_session_on = on
        _note_if_completed(course, actor)
        course.save()
        CourseBlock.objects.filter(course=course, number=course.block_number).update(
            sessions_done=course.sessions_done
        )
        _audit(actor, course, Action.UPDATE, "session done")
    return course


def _block_of_earlier_session(course: Course, recorded_at: datetime) -> CourseBlock | None:
    """The earlier block a session belongs to: the last one planned before it was recorded
    (a block is planned only once the one before it is over)."""
    earlier = CourseBlock.objects.filter(course=course, number__lt=course.block_number)
    return (
        earlier.filter(created_at__lte=recorded_at).order_by("-number").first()
        or earlier.order_by("number").first()
    )


def _reopen(course: Course) -> None:
    """A final course open again: refused while the patient has another open course."""
    other = (
        Course.objects.filter(patient_id=course.patient_id, state__in=OPEN_STATES)
        .exclude(pk=course.pk)
        .first()
    )
    if other is not None:
        raise DomainError(
            "course",
            f"This would reopen course {course.id}, but the patient has a {other.state} course "
            f"(course {other.id}): stop or complete that one first, then mark the chart.",
        )
    course.ended_at = None
    course.ended_by = None


def course_take_back_session(
    *, actor: Actor, course: Course, on: date, recorded_at: datetime, last_other_on: date | None
) -> Course:
    """Take the session recorded on `on` (at `recorded_at`) off the course's count: its
    chart was entered in error. In the current block it is one fewer done: a course it
    completed, or a block it ended, is open again, and the sessions to come follow on from
    the last one still done. In an earlier block only that block's and the course's counts
    drop. `last_other_on` is the day of the latest other session still charted."""
    with transaction.atomic():
        course = _locked(actor, course)
        if course.sessions_done_total < 1:
            raise DomainError("course", "No session of this course is recorded.")
        # Sessions come one after another, so a day names one session of the course; the
        # current block's plan starts with the days of the sessions it has done.
        done_days = course.dates[: course.sessions_done]
        kept = tuple(day for day in done_days if day != on)
        if len(kept) < len(done_days):
            progress = rules.take_back_session(course.progress)
            if progress.state != course.state:
                _reopen(course)
            block = CourseBlock.objects.get(course=course, number=course.block_number)
            course.dates = rules.replanned(
                kept or (block.starts_on,),
                done=len(kept),
                planned=progress.planned,
                cadence_days=course.cadence_days,
            )
            course.take(progress)
        else:
            found = _block_of_earlier_session(course, recorded_at)
            if found is None or found.sessions_done < 1:
                raise DomainError("course", "No block of this course recorded this session.")
            block = found
            block.sessions_done -= 1
        course.sessions_done_total -= 1
        if course.last_session_on == on:
            course.last_session_on = max(
                [*kept, *([last_other_on] if last_other_on else [])], default=None
            )
        try:
            with transaction.atomic():
                course.save()
        except IntegrityError:  # another course was planned for the patient a moment ago
            raise DomainError(
                "course", "The patient has another planned or active course: stop it first."
            ) from None
        if block.number == course.block_number:
            block.sessions_done = course.sessions_done
        block.save(update_fields=["sessions_done"])
        _audit(actor, course, Action.UPDATE, f"session of {on.isoformat()} taken back")
    return course
