"""Every change to a course: one transaction, one audit row, the rules from
`mesoclinic.domain.course`.

A course is planned from the patient's latest signed assessment through the estimate,
only when screening and consent allow a course to start (asked again when it starts and
when a new block is planned). Its count and cadence change only with a reason, which is
kept. A course runs planned → active → completed, or is stopped with a reason; a session
whose chart is entered in error is taken back off its count.
"""

from datetime import date
from typing import cast

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from mesoclinic.access import Capability, access_patients, capabilities_at, get_in_clinics_or_404
from mesoclinic.assessments.models import Assessment, AssessmentKind
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.courses.estimates import estimate_from
from mesoclinic.courses.models import (
    ChangedField,
    Course,
    CourseBlock,
    CourseChange,
    CourseState,
)
from mesoclinic.courses.selectors import latest_assessment, open_course_for
from mesoclinic.domain import course as rules
from mesoclinic.domain.errors import DomainError
from mesoclinic.domain.estimate import EXPECTATIONS, CourseEstimate, Expectation, estimate_as_json
from mesoclinic.domain.protocol import Protocol
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.planning.protocol import clinic_protocol
from mesoclinic.recalls.services import recall_open_for_course
from mesoclinic.screening.readiness import course_start_blockers


class CourseBlocked(DomainError):
    """Screening or consent do not allow the course: every reason, each one sentence."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("course", " ".join(reasons))
        self.reasons = reasons


def _require_clinical(actor: Actor, clinic_id: int) -> None:
    if Capability.CLINICAL not in capabilities_at(actor, clinic_id):
        raise Http404("No such record.")


def _audit(actor: Actor, course: Course, action: Action, what: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        target=f"course {course.id}{f' {what}' if what else ''}",
        clinic_id=course.clinic_id,
        patient_id=course.patient_id,
    )


def _check_not_blocked(actor: Actor, patient: Patient) -> None:
    blockers = course_start_blockers(actor, patient, clinic_today(patient.clinic))
    if blockers:
        raise CourseBlocked(blockers)


def check_cadence(cadence_days: int, protocol: Protocol) -> int:
    if isinstance(cadence_days, bool) or cadence_days not in protocol.cadences.values():
        choices = " or ".join(f"{days} ({name})" for name, days in protocol.cadences.items())
        raise DomainError("cadence", f"Cadence must be {choices} days; got {cadence_days!r}.")
    return cadence_days


def check_expectation(expectation: str) -> Expectation:
    if expectation not in EXPECTATIONS:
        raise DomainError("expectation", "Expectation must be 'modest' or 'marked'.")
    return cast(Expectation, expectation)


def usable_assessment(actor: Actor, patient: Patient) -> Assessment:
    """The latest assessment, signed; else a refusal saying what to do."""
    assessment = latest_assessment(actor, patient)
    if assessment is None:
        raise DomainError(
            "assessment",
            "No assessment on record: record the patient's assessment and sign it, then plan "
            "the course.",
        )
    if not assessment.is_signed:
        raise DomainError(
            "assessment",
            f"The latest assessment ({assessment.assessed_on.isoformat()}) is not signed: its "
            "author signs it, then the course can be planned from it.",
        )
    return assessment


def course_estimate(
    *,
    assessment: Assessment,
    starts_on: date,
    cadence_days: int,
    expectation: str,
    lifestyle: bool,
) -> CourseEstimate:
    """The estimate a course would be planned with (no write: for the page's preview)."""
    protocol = clinic_protocol(assessment.clinic)
    return estimate_from(
        assessment,
        protocol,
        starts_on=starts_on,
        cadence_days=check_cadence(cadence_days, protocol),
        expectation=check_expectation(expectation),
        lifestyle=lifestyle,
    )


def _clinical_patient(actor: Actor, patient: Patient) -> Patient:
    found = get_in_clinics_or_404(
        access_patients(actor, Capability.CLINICAL).select_related("clinic"), id=patient.id
    )
    # Serialises course creation for one patient; the unique constraint is the backstop.
    list(Patient.objects.select_for_update().filter(pk=found.pk))
    if found.status != RecordStatus.ACTIVE:
        raise DomainError("patient", "This patient's record was marked entered in error.")
    return found


def course_create(
    *,
    actor: Actor,
    patient: Patient,
    starts_on: date,
    cadence_days: int,
    expectation: str,
    lifestyle: bool,
    sessions: int | None = None,
    reason: str = "",
    assessment_id: int | None = None,
) -> Course:
    """A planned course from the patient's latest signed assessment. `sessions` left out
    takes the recommendation; any other count needs `reason`, which is kept as a change.
    `assessment_id`, when given, must still be the latest assessment (the page sends the
    one its estimate was shown from)."""
    with transaction.atomic():
        patient = _clinical_patient(actor, patient)
        current = open_course_for(actor, patient)
        if current is not None:
            raise DomainError(
                "course",
                f"This patient already has a {current.state} course (course {current.id}): "
                "complete or stop it before planning another.",
            )
        assessment = usable_assessment(actor, patient)
        if assessment_id is not None and assessment_id != assessment.id:
            raise DomainError(
                "assessment",
                "A newer assessment is on record than the one shown: review the estimate again.",
            )
        if starts_on < assessment.assessed_on:
            raise DomainError(
                "starts_on",
                "The first session cannot be before the assessment it is planned from "
                f"({assessment.assessed_on.isoformat()}).",
            )
        _check_not_blocked(actor, patient)
        protocol = clinic_protocol(patient.clinic)
        estimate = course_estimate(
            assessment=assessment,
            starts_on=starts_on,
            cadence_days=cadence_days,
            expectation=expectation,
            lifestyle=lifestyle,
        )
        recommended, in_blocks = rules.first_block_sessions(estimate, protocol)
        chosen = recommended if sessions is None else rules.check_session_count(sessions)
        if chosen != recommended:
            reason = rules.check_reason(
                reason, f"the count differs from the {recommended} recommended"
            )
        progress = rules.new_course(sessions=chosen, in_blocks=in_blocks)
        snapshot = estimate_as_json(estimate)
        grade = estimate.driving_area.nm_grade if estimate.driving_area else 0
        course = Course(
            patient=patient,
            clinic=patient.clinic,
            author=actor.user,
            assessment=assessment,
            nm_grade=grade,
            cadence_days=cadence_days,
            expectation=expectation,
            lifestyle=lifestyle,
            starts_on=starts_on,
            sessions_recommended=recommended,
            block_size=protocol.grades[grade].block_sessions if in_blocks else None,
            estimate=snapshot,
            protocol_name=protocol.name,
            protocol_version=protocol.version,
        )
        course.take(progress)
        course.dates = rules.session_dates(starts_on, chosen, cadence_days)
        try:
            with transaction.atomic():
                course.save()
        except IntegrityError:
            raise DomainError(
                "course", "This patient already has a planned or active course."
            ) from None
        CourseBlock.objects.create(
            course=course,
            number=1,
            assessment=assessment,
            starts_on=starts_on,
            sessions_planned=chosen,
            estimate=snapshot,
            author=actor.user,
        )
        if chosen != recommended:
            CourseChange.objects.create(
                course=course,
                block_number=1,
                field=ChangedField.SESSIONS,
                before=recommended,
                after=chosen,
                reason=reason,
                author=actor.user,
            )
        _audit(actor, course, Action.CREATE)
    return course


def _locked(actor: Actor, course: Course) -> Course:
    """The course as stored, locked until the transaction ends, so two changes made at
    the same moment apply one after the other. Call inside a transaction."""
    _require_clinical(actor, course.clinic_id)
    return (
        Course.objects.select_for_update(of=("self",))
        .select_related("patient", "clinic")
        .get(pk=course.pk)
    )


def course_start(*, actor: Actor, course: Course) -> Course:
    """Planned → active, only when screening and consent still allow it."""
    with transaction.atomic():
        course = _locked(actor, course)
        progress = rules.start(course.progress)
        if Assessment.objects.filter(
            pk=course.assessment_id, status=RecordStatus.ENTERED_IN_ERROR
        ).exists():
            raise DomainError(
                "course",
                "The assessment this course was planned from was marked entered in error: stop "
                "this course with a reason and plan a new one.",
            )
        _check_not_blocked(actor, course.patient)
        course.take(progress)
        course.started_at = timezone.now()
        course.started_by = actor.user
        course.save()
        _audit(actor, course, Action.UPDATE, "started")
    return course


def course_stop(*, actor: Actor, course: Course, reason: str) -> Course:
    reason = rules.check_reason(reason, "the course is stopped")
    with transaction.atomic():
        course = _locked(actor, course)
        course.take(rules.stop(course.progress, reason))
        course.stop_reason = reason
        course.ended_at = timezone.now()
        course.ended_by = actor.user
        course.save()
        _audit(actor, course, Action.UPDATE, "stopped")
    return course


def course_complete(*, actor: Actor, course: Course) -> Course:
    with transaction.atomic():
        course = _locked(actor, course)
        course.take(rules.complete(course.progress))
        course.ended_at = timezone.now()
        course.ended_by = actor.user
        course.save()
        recall_open_for_course(actor=actor, course=course)
        _audit(actor, course, Action.UPDATE, "completed")
    return course


def _note_if_completed(course: Course, actor: Actor) -> None:
    """A change or a session that leaves nothing to do completes the course by itself
    (and its maintenance recall opens, as when it is completed by hand)."""
    if course.state == CourseState.COMPLETED and course.ended_at is None:
        course.ended_at = timezone.now()
        course.ended_by = actor.user
        recall_open_for_course(actor=actor, course=course)


def course_change(
    *,
    actor: Actor,
    course: Course,
    reason: str,
    sessions: int | None = None,
    cadence_days: int | None = None,
) -> list[CourseChange]:
    """A new session count (for the current block) and/or cadence, with the reason. The
    dates still to come are planned again; those done keep theirs."""
    reason = rules.check_reason(reason, "the plan changes")
    with transaction.atomic():
        course = _locked(actor, course)
        protocol = clinic_protocol(course.clinic)
        progress = course.progress
        changes: list[tuple[ChangedField, int, int]] = []
        if cadence_days is not None and cadence_days != course.cadence_days:
            rules.check_cadence_change(progress)
            check_cadence(cadence_days, protocol)
            changes.append((ChangedField.CADENCE, course.cadence_days, cadence_days))
            course.cadence_days = cadence_days
        # A count sent unchanged beside a new cadence is just the form's current value.
        if sessions is not None and (sessions != course.sessions_planned or not changes):
            progress = rules.change_sessions(progress, sessions)
            changes.append((ChangedField.SESSIONS, course.sessions_planned, progress.planned))
        if not changes:
            field = "cadence" if cadence_days is not None else "sessions"
            raise DomainError(field, "Nothing was changed: give a new session count or cadence.")
        course.dates = rules.replanned(
            course.dates,
            done=progress.done,
            planned=progress.planned,
            cadence_days=course.cadence_days,
        )
        course.take(progress)
        _note_if_completed(course, actor)
        course.save()
        rows = [
            CourseChange.objects.create(
                course=course,
                block_number=course.block_number,
                field=field,
                before=before,
                after=after,
                reason=reason,
                author=actor.user,
            )
            for field, before, after in changes
        ]
        _audit(actor, course, Action.UPDATE, "plan changed")
    return rows


def course_plan_next_block(
    *,
    actor: Actor,
    course: Course,
    starts_on: date,
    expectation: str | None = None,
    lifestyle: bool | None = None,
) -> Course:
    """The next block of a course in blocks, planned through the estimate from the
    patient's latest assessment: a signed follow-up dated on or after the last planned
    session of the block that ended. Screening and consent are asked again."""
    with transaction.atomic():
        course = _locked(actor, course)
        rules.check_next_block(course.progress)
        block_ends = course.dates[-1]
        assessment = latest_assessment(actor, course.patient)
        if assessment is None:
            raise DomainError("assessment", "No assessment on record: reassess the patient.")
        rules.check_reassessment(
            block=course.block_number,
            block_ends=block_ends,
            assessed_on=assessment.assessed_on,
            follow_up=assessment.kind == AssessmentKind.FOLLOW_UP,
            signed=assessment.is_signed,
        )
        last = course.last_session_on or block_ends
        if starts_on <= last or starts_on < assessment.assessed_on:
            raise DomainError(
                "starts_on",
                f"The next block starts after the last session ({last.isoformat()}) and on or "
                f"after the reassessment ({assessment.assessed_on.isoformat()}).",
            )
        _check_not_blocked(actor, course.patient)
        protocol = clinic_protocol(course.clinic)
        expectation = check_expectation(expectation or course.expectation)
        lifestyle = course.lifestyle if lifestyle is None else lifestyle
        estimate = estimate_from(
            assessment,
            protocol,
            starts_on=starts_on,
            cadence_days=check_cadence(course.cadence_days, protocol),
            expectation=expectation,
            lifestyle=lifestyle,
        )
        sessions = rules.next_block_sessions(estimate, protocol)
        course.take(rules.next_block(course.progress, sessions))
        course.dates = rules.session_dates(starts_on, sessions, course.cadence_days)
        course.expectation = expectation
        course.lifestyle = lifestyle
        course.save()
        CourseBlock.objects.create(
            course=course,
            number=course.block_number,
            assessment=assessment,
            starts_on=starts_on,
            sessions_planned=sessions,
            estimate=estimate_as_json(estimate),
            author=actor.user,
        )
        _audit(actor, course, Action.UPDATE, f"block {course.block_number} planned")
    return course
