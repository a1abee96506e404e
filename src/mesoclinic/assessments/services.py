"""Every change to an assessment or a photo: one transaction, one audit row.

The author edits an assessment until signing it; after that it changes only by amendment
(each changed value kept as [before, after] with author, UTC time and reason) or is marked
entered in error. Grades, CSS totals and bands are computed by the domain, never taken
from the caller.
"""

import enum
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import IO

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from mesoclinic.access import (
    Capability,
    access_patients,
    capabilities_at,
    get_in_clinics_or_404,
    scoped,
)
from mesoclinic.assessments.images import clean_image, read_capped
from mesoclinic.assessments.models import (
    AreaScore,
    Assessment,
    AssessmentAmendment,
    Photo,
    PhotoUse,
    Pose,
)
from mesoclinic.assessments.photo_consent import check_uses
from mesoclinic.assessments.photo_files import (
    max_pixels,
    max_upload_bytes,
    remove_files,
    write_photo,
)
from mesoclinic.assessments.presenters import area_label
from mesoclinic.assessments.selectors import last_landmarks
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.clinics.models import Clinic
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.domain.assessment import (
    GAIS_SCORES,
    AreaEntry,
    AssessmentKind,
    ScoredArea,
    check_assessed_on,
    check_kind,
    check_weight_kg,
    score_areas,
)
from mesoclinic.domain.errors import DomainError, Problems, problems_of
from mesoclinic.domain.reassessment_areas import (
    SATISFACTION_SCORES,
    at_baseline_landmarks,
    check_patient_rating,
    check_reassessed_areas,
)
from mesoclinic.patients.models import Patient, RecordStatus
from mesoclinic.planning.protocol import clinic_protocol

NOTES_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 300


class Keep(enum.Enum):
    """An amendment argument left as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


def _require_clinical(actor: Actor, clinic_id: int) -> None:
    if Capability.CLINICAL not in capabilities_at(actor, clinic_id):
        raise Http404("No such record.")


def _check_notes(notes: str) -> str:
    if len(notes) > NOTES_MAX_LENGTH:
        raise DomainError("notes", f"Keep the notes under {NOTES_MAX_LENGTH} characters.")
    return notes


def _check_reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError("reason", f"Say why {what}.")
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError("reason", f"Keep the reason under {REASON_MAX_LENGTH} characters.")
    return reason


def _with_landmarks(
    entries: Sequence[AreaEntry], landmarks: dict[tuple[str, str], str]
) -> list[AreaEntry]:
    """A circumference given without a landmark is taken at the last one used there."""
    return [
        replace(entry, landmark=landmarks.get((entry.area, entry.side or ""), ""))
        if entry.circumference_cm is not None and not entry.landmark.strip()
        else entry
        for entry in entries
    ]


def _row_values(scored: ScoredArea, entry: AreaEntry) -> dict[str, object]:
    findings = entry.findings if scored.graded_from_findings else None
    a, b, c, d, e = scored.css.items if scored.css is not None else (None,) * 5
    return {
        "nm_grade": scored.nm_grade,
        "dimpling_on_pinch": findings.dimpling_on_pinch if findings else None,
        "visible_standing": findings.visible_standing if findings else None,
        "visible_lying": findings.visible_lying if findings else None,
        "css_a": a,
        "css_b": b,
        "css_c": c,
        "css_d": d,
        "css_e": e,
        "css_total": scored.css_total,
        "css_band": scored.css_band or "",
        "circumference_cm": scored.circumference_cm,
        "landmark": scored.landmark,
        "gais": scored.gais,
    }


def _score(
    actor: Actor,
    patient: Patient,
    *,
    clinic: Clinic,
    kind: AssessmentKind,
    areas: Sequence[AreaEntry],
    editing: Assessment | None = None,
) -> list[tuple[ScoredArea, AreaEntry]]:
    entries = _with_landmarks(areas, last_landmarks(actor, patient, before=editing))
    scored = score_areas(entries, kind=kind, protocol=clinic_protocol(clinic))
    return list(zip(scored, entries, strict=True))


def _check_editable_by(actor: Actor, assessment: Assessment) -> None:
    if assessment.status != RecordStatus.ACTIVE:
        raise DomainError("assessment", "This assessment was marked entered in error.")
    if assessment.is_signed:
        raise DomainError(
            "assessment", "This assessment is signed: correct it with an amendment instead."
        )
    if assessment.author_id != actor.user.pk:
        raise DomainError("assessment", "Only its author can change an unsigned assessment.")


def _locked(assessment: Assessment) -> Assessment:
    """The row as stored, locked until the transaction ends, so a sign and an edit
    cannot both go through."""
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _create(
    actor: Actor,
    patient: Patient,
    *,
    assessed_on: date,
    kind: AssessmentKind,
    areas: Sequence[AreaEntry],
    weight_kg: Decimal | None,
    notes: str,
    course: Course | None = None,
    patient_satisfaction: int | None = None,
    patient_gais: int | None = None,
) -> Assessment:
    """The assessment and its area rows, with the audit row; call inside a transaction."""
    if patient.status != RecordStatus.ACTIVE:
        raise DomainError("patient", "This patient's record was marked entered in error.")
    check_assessed_on(assessed_on, clinic_today(patient.clinic))
    scored = _score(actor, patient, clinic=patient.clinic, kind=kind, areas=areas)
    protocol = clinic_protocol(patient.clinic)
    assessment = Assessment.objects.create(
        patient=patient,
        clinic=patient.clinic,
        author=actor.user,
        assessed_on=assessed_on,
        kind=kind,
        weight_kg=check_weight_kg(weight_kg),
        notes=_check_notes(notes),
        protocol_name=protocol.name,
        protocol_version=protocol.version,
        course=course,
        patient_satisfaction=patient_satisfaction,
        patient_gais=patient_gais,
    )
    for area, entry in scored:
        AreaScore.objects.create(
            assessment=assessment,
            area=area.area,
            side=area.side or "",
            **_row_values(area, entry),
        )
    audit_record(
        actor=actor,
        action=Action.CREATE,
        target=f"assessment {assessment.id}",
        clinic_id=assessment.clinic_id,
        patient_id=assessment.patient_id,
    )
    return assessment


def assessment_create(
    *,
    actor: Actor,
    patient_id: int,
    assessed_on: date,
    kind: str,
    areas: Sequence[AreaEntry],
    weight_kg: Decimal | None = None,
    notes: str = "",
) -> Assessment:
    with transaction.atomic():
        patient = get_in_clinics_or_404(
            access_patients(actor, Capability.CLINICAL).select_related("clinic"), id=patient_id
        )
        return _create(
            actor,
            patient,
            assessed_on=assessed_on,
            kind=check_kind(kind),
            areas=areas,
            weight_kg=weight_kg,
            notes=notes,
        )


def _baseline_landmarks(course: Course) -> dict[tuple[str, str], str]:
    return {(row.area, row.side): row.landmark for row in course.assessment.areas.all()}


def _check_after_baseline(course: Course, assessed_on: date) -> None:
    baseline = course.assessment
    if assessed_on < baseline.assessed_on:
        raise DomainError(
            "assessed_on",
            "A reassessment cannot be dated before the course's baseline "
            f"({baseline.assessed_on.isoformat()}).",
        )


def _as_reassessment(
    course: Course, areas: Sequence[AreaEntry], *, assessed_on: date | None, partial: bool = False
) -> list[AreaEntry]:
    """The areas of a reassessment of `course`, checked against its baseline (see
    `check_reassessed_areas`): every path that writes a reassessment's areas comes here.
    `assessed_on` None: the date is checked by the caller."""
    if assessed_on is not None:
        _check_after_baseline(course, assessed_on)
    protocol = clinic_protocol(course.clinic)
    return check_reassessed_areas(
        areas,
        _baseline_landmarks(course),
        {
            (area.key, side or ""): area_label(protocol, area.key, side or "")
            for area in protocol.body_areas
            for side in area.sides or (None,)
        },
        course.assessment.assessed_on,
        partial=partial,
    )


Rating = int | None | Keep


def _take_ratings(
    assessment: Assessment,
    changes: dict[str, list[object]] | None,
    *,
    patient_satisfaction: Rating,
    patient_gais: Rating,
) -> None:
    """The patient's own ratings, set on a reassessment of a course only (and recorded in
    `changes` when amending)."""
    for field, value, scale in (
        ("patient_satisfaction", patient_satisfaction, SATISFACTION_SCORES),
        ("patient_gais", patient_gais, GAIS_SCORES),
    ):
        if isinstance(value, Keep):
            continue
        if assessment.course_id is None and value is not None:
            raise DomainError(
                field, "Only a reassessment of a course records the patient's own rating."
            )
        checked = check_patient_rating(value, field, scale)
        if changes is not None:
            _changed(changes, field, getattr(assessment, field), checked)
        setattr(assessment, field, checked)


def _reassessed_course(actor: Actor, course_id: int) -> Course:
    course = get_in_clinics_or_404(
        scoped(Course.objects.all(), actor, Capability.CLINICAL).select_related(
            "patient__clinic", "assessment"
        ),
        id=course_id,
    )
    if course.state == CourseState.PLANNED:
        raise DomainError(
            "course", "This course has not started: reassess it once sessions are done."
        )
    if course.patient.status != RecordStatus.ACTIVE:
        raise DomainError("patient", "This patient's record was marked entered in error.")
    return course


def _check_reassessment(
    actor: Actor,
    course: Course,
    *,
    assessed_on: date | None,
    areas: Sequence[AreaEntry],
    patient_satisfaction: int | None,
    patient_gais: int | None,
    weight_kg: Decimal | None,
    notes: str,
) -> list[AreaEntry]:
    """The areas to write, once every field is checked; otherwise every problem found, each
    naming its field, raised together. A date of None (one a form could not read) is not
    checked."""
    problems = Problems()
    with problems.check():
        if assessed_on is not None:
            check_assessed_on(assessed_on, clinic_today(course.clinic))
            _check_after_baseline(course, assessed_on)
    with problems.check():
        check_weight_kg(weight_kg)
    with problems.check():
        _check_notes(notes)
    with problems.check():
        check_patient_rating(patient_satisfaction, "patient_satisfaction", SATISFACTION_SCORES)
    with problems.check():
        check_patient_rating(patient_gais, "patient_gais", GAIS_SCORES)
    with problems.check():
        _as_reassessment(course, areas, assessed_on=None)
    entries = at_baseline_landmarks(areas, _baseline_landmarks(course))
    with problems.check():
        _score(actor, course.patient, clinic=course.clinic, kind="follow_up", areas=entries)
    problems.raise_any()
    return entries


def reassessment_problems(
    *,
    actor: Actor,
    course_id: int,
    assessed_on: date | None,
    areas: Sequence[AreaEntry],
    patient_satisfaction: int | None = None,
    patient_gais: int | None = None,
    weight_kg: Decimal | None = None,
    notes: str = "",
) -> list[DomainError]:
    """Every refusal `reassessment_create` would give for these values, all at once and
    without writing: a form whose own checks failed shows these beside them."""
    try:
        _check_reassessment(
            actor,
            _reassessed_course(actor, course_id),
            assessed_on=assessed_on,
            areas=areas,
            patient_satisfaction=patient_satisfaction,
            patient_gais=patient_gais,
            weight_kg=weight_kg,
            notes=notes,
        )
    except DomainError as error:
        return problems_of(error)
    return []


def reassessment_create(
    *,
    actor: Actor,
    course_id: int,
    assessed_on: date,
    areas: Sequence[AreaEntry],
    patient_satisfaction: int | None = None,
    patient_gais: int | None = None,
    weight_kg: Decimal | None = None,
    notes: str = "",
) -> Assessment:
    """A follow-up assessment of a course, measured against the course's baseline: the
    same areas and sides at the same landmarks, the clinician's GAIS for each, and the
    patient's own ratings. The course and the patient come from the course itself. Every
    problem is refused at once (a DomainErrors when there are several)."""
    with transaction.atomic():
        course = _reassessed_course(actor, course_id)
        entries = _check_reassessment(
            actor,
            course,
            assessed_on=assessed_on,
            areas=areas,
            patient_satisfaction=patient_satisfaction,
            patient_gais=patient_gais,
            weight_kg=weight_kg,
            notes=notes,
        )
        return _create(
            actor,
            course.patient,
            assessed_on=assessed_on,
            kind="follow_up",
            areas=entries,
            weight_kg=weight_kg,
            notes=notes,
            course=course,
            patient_satisfaction=patient_satisfaction,
            patient_gais=patient_gais,
        )


def assessment_update(
    *,
    actor: Actor,
    assessment: Assessment,
    assessed_on: date,
    kind: str,
    areas: Sequence[AreaEntry],
    weight_kg: Decimal | None = None,
    notes: str = "",
    patient_satisfaction: Rating = KEEP,
    patient_gais: Rating = KEEP,
) -> Assessment:
    """Before signing, the author replaces what was entered (the patient's ratings, on a
    reassessment, only when given)."""
    with transaction.atomic():
        _require_clinical(actor, assessment.clinic_id)
        assessment = _locked(assessment)
        _check_editable_by(actor, assessment)
        checked_kind = check_kind(kind)
        check_assessed_on(assessed_on, clinic_today(assessment.clinic))
        if assessment.course is not None:
            if checked_kind != "follow_up":
                raise DomainError("kind", "A reassessment of a course stays a follow-up.")
            areas = _as_reassessment(assessment.course, areas, assessed_on=assessed_on)
        scored = _score(
            actor,
            assessment.patient,
            clinic=assessment.clinic,
            kind=checked_kind,
            areas=areas,
            editing=assessment,
        )
        assessment.assessed_on = assessed_on
        assessment.kind = checked_kind
        assessment.weight_kg = check_weight_kg(weight_kg)
        assessment.notes = _check_notes(notes)
        _take_ratings(
            assessment, None, patient_satisfaction=patient_satisfaction, patient_gais=patient_gais
        )
        assessment.save()
        existing = {(row.area, row.side): row for row in assessment.areas.all()}
        for area, entry in scored:
            row = existing.pop((area.area, area.side or ""), None) or AreaScore(
                assessment=assessment, area=area.area, side=area.side or ""
            )
            for name, value in _row_values(area, entry).items():
                setattr(row, name, value)
            row.save()
        for row in existing.values():
            row.delete()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target=f"assessment {assessment.id}",
            clinic_id=assessment.clinic_id,
            patient_id=assessment.patient_id,
        )
    return assessment


def assessment_sign(*, actor: Actor, assessment: Assessment) -> Assessment:
    with transaction.atomic():
        _require_clinical(actor, assessment.clinic_id)
        assessment = _locked(assessment)
        _check_editable_by(actor, assessment)
        assessment.signed_at = timezone.now()
        assessment.save(update_fields=["signed_at", "updated_at"])
        audit_record(
            actor=actor,
            action=Action.SIGN,
            target=f"assessment {assessment.id}",
            clinic_id=assessment.clinic_id,
            patient_id=assessment.patient_id,
        )
    return assessment


def _as_json(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _changed(changes: dict[str, list[object]], key: str, before: object, after: object) -> None:
    if _as_json(before) != _as_json(after):
        changes[key] = [_as_json(before), _as_json(after)]


def assessment_amend(
    *,
    actor: Actor,
    assessment: Assessment,
    reason: str,
    assessed_on: date | Keep = KEEP,
    weight_kg: Decimal | Keep | None = KEEP,
    notes: str | Keep = KEEP,
    areas: Sequence[AreaEntry] = (),
    patient_satisfaction: Rating = KEEP,
    patient_gais: Rating = KEEP,
) -> AssessmentAmendment:
    """Correct a signed assessment. Each area given replaces that area and side's values
    (or adds the area); areas not given stay as they are. Changes are recorded as
    {"weight_kg": [before, after], "thighs.left.nm_grade": [before, after], ...}."""
    reason = _check_reason(reason, "the signed assessment is being corrected")
    with transaction.atomic():
        _require_clinical(actor, assessment.clinic_id)
        assessment = _locked(assessment)
        if assessment.status != RecordStatus.ACTIVE:
            raise DomainError("assessment", "This assessment was marked entered in error.")
        if not assessment.is_signed:
            raise DomainError(
                "assessment", "This assessment is not signed yet: its author can still edit it."
            )
        changes: dict[str, list[object]] = {}
        if not isinstance(assessed_on, Keep):
            check_assessed_on(assessed_on, clinic_today(assessment.clinic))
            _changed(changes, "assessed_on", assessment.assessed_on, assessed_on)
            assessment.assessed_on = assessed_on
        if not isinstance(weight_kg, Keep):
            _changed(changes, "weight_kg", assessment.weight_kg, check_weight_kg(weight_kg))
            assessment.weight_kg = weight_kg
        if not isinstance(notes, Keep):
            _changed(changes, "notes", assessment.notes, _check_notes(notes))
            assessment.notes = notes
        _take_ratings(
            assessment,
            changes,
            patient_satisfaction=patient_satisfaction,
            patient_gais=patient_gais,
        )
        if assessment.course is not None:
            # Checks the date against the baseline's even when no area is corrected.
            areas = _as_reassessment(
                assessment.course, areas, assessed_on=assessment.assessed_on, partial=True
            )
        rows = {(row.area, row.side): row for row in assessment.areas.all()}
        scored = (
            _score(
                actor,
                assessment.patient,
                clinic=assessment.clinic,
                kind=check_kind(assessment.kind),
                areas=areas,
                editing=assessment,
            )
            if areas
            else []
        )
        touched: list[AreaScore] = []
        for area, entry in scored:
            side = area.side or ""
            row = rows.get((area.area, side)) or AreaScore(
                assessment=assessment, area=area.area, side=side
            )
            for name, value in _row_values(area, entry).items():
                _changed(changes, f"{area.area}.{side}.{name}", getattr(row, name, None), value)
                setattr(row, name, value)
            touched.append(row)
        if not changes:
            raise DomainError(
                "amendment", "Nothing was changed: an amendment corrects at least one value."
            )
        # The amendment first: on PostgreSQL it is what lets the signed row change.
        amendment = AssessmentAmendment.objects.create(
            record=assessment, author=actor.user, reason=reason, changes=changes
        )
        assessment.save()
        for row in touched:
            row.save()
        audit_record(
            actor=actor,
            action=Action.AMEND,
            target=f"assessment {assessment.id}",
            clinic_id=assessment.clinic_id,
            patient_id=assessment.patient_id,
        )
    return amendment


def assessment_mark_entered_in_error(
    *, actor: Actor, assessment: Assessment, reason: str
) -> Assessment:
    reason = _check_reason(reason, "this assessment was entered in error")
    with transaction.atomic():
        _require_clinical(actor, assessment.clinic_id)
        assessment = _locked(assessment)
        if assessment.status != RecordStatus.ACTIVE:
            raise DomainError("assessment", "This assessment is already marked entered in error.")
        assessment.status = RecordStatus.ENTERED_IN_ERROR
        assessment.status_reason = reason
        assessment.status_changed_at = timezone.now()
        assessment.status_changed_by = actor.user
        assessment.save()
        audit_record(
            actor=actor,
            action=Action.ENTERED_IN_ERROR,
            target=f"assessment {assessment.id}",
            clinic_id=assessment.clinic_id,
            patient_id=assessment.patient_id,
        )
    return assessment


def photo_add(
    *,
    actor: Actor,
    assessment: Assessment,
    pose: str,
    upload: IO[bytes],
    area_score_id: int | None = None,
    uses: Collection[str] = (PhotoUse.RECORD,),
) -> Photo:
    """Check and re-encode the upload, store it under a generated name, and record it with
    the uses the patient agreed to (the clinical record only, unless told otherwise).
    Photos may be added after signing too (they add to the record, they change nothing)."""
    _require_clinical(actor, assessment.clinic_id)
    consent = check_uses(uses)
    if pose not in Pose.values:
        choices = ", ".join(Pose.values)
        raise DomainError("pose", f"Choose one of the standard poses: {choices}.")
    if assessment.status != RecordStatus.ACTIVE:
        raise DomainError("assessment", "This assessment was marked entered in error.")
    area_score = None
    if area_score_id is not None:
        area_score = assessment.areas.filter(id=area_score_id).first()
        if area_score is None:
            raise DomainError("area", "Choose one of this assessment's areas.")
    # The slow part, outside the transaction: nothing is locked while Pillow works.
    image = clean_image(read_capped(upload, max_upload_bytes()), max_pixels=max_pixels())
    file_name, thumbnail_name = write_photo(image)
    try:
        with transaction.atomic():
            photo = Photo.objects.create(
                patient_id=assessment.patient_id,
                clinic_id=assessment.clinic_id,
                author=actor.user,
                assessment=assessment,
                area_score=area_score,
                pose=pose,
                may_use_in_report=consent.report,
                may_use_in_marketing=consent.marketing,
                file_name=file_name,
                thumbnail_name=thumbnail_name,
                width=image.width,
                height=image.height,
                byte_size=len(image.photo),
            )
            audit_record(
                actor=actor,
                action=Action.CREATE,
                target=f"photo {photo.id} of assessment {assessment.id}",
                clinic_id=photo.clinic_id,
                patient_id=photo.patient_id,
            )
    except BaseException:
        remove_files(file_name, thumbnail_name)
        raise
    return photo


def photo_mark_entered_in_error(*, actor: Actor, photo: Photo, reason: str) -> Photo:
    """Photos are never deleted: a wrong or unusable one is marked and kept."""
    reason = _check_reason(reason, "this photo was entered in error")
    with transaction.atomic():
        _require_clinical(actor, photo.clinic_id)
        photo = Photo.objects.select_for_update().get(pk=photo.pk)
        if photo.status != RecordStatus.ACTIVE:
            raise DomainError("photo", "This photo is already marked entered in error.")
        photo.status = RecordStatus.ENTERED_IN_ERROR
        photo.status_reason = reason
        photo.status_changed_at = timezone.now()
        photo.status_changed_by = actor.user
        photo.save()
        audit_record(
            actor=actor,
            action=Action.ENTERED_IN_ERROR,
            target=f"photo {photo.id}",
            clinic_id=photo.clinic_id,
            patient_id=photo.patient_id,
        )
    return photo
