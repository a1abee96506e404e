"""The final reassessment of each completed course: a signed follow-up assessment on the
day of the last session, the same areas measured again. Most patients improve a little
(a CSS item or two lower, a centimetre or two off the thigh), some not at all, as the
modest evidence for mesotherapy suggests; the patient gives her own view too."""

import random
from decimal import Decimal

from mesoclinic.assessments.models import AreaScore, Assessment, AssessmentKind
from mesoclinic.audit.models import Action
from mesoclinic.courses.models import CourseState
from mesoclinic.domain.grading import CSSScore
from mesoclinic.domain.protocol import Protocol
from mesoclinic.synth.courses import Booked
from mesoclinic.synth.organisation import SynthClinic
from mesoclinic.synth.people import SIDES, at
from mesoclinic.synth.writer import Writer

IMPROVED_SHARE = 0.6


def _after(css: CSSScore, improved: bool, rng: random.Random) -> CSSScore:
    items = [css.a, css.b, css.c, css.d]
    for _ in range(rng.randint(1, 2) if improved else 0):
        worst = max(range(4), key=lambda i: (items[i], -i))
        items[worst] = max(0, items[worst] - 1)
    a, b, c, d = items
    return CSSScore(a=a, b=b, c=c, d=d, e=css.e)


def reassess_completed(
    clinic: SynthClinic, booked: list[Booked], protocol: Protocol, rng: random.Random, w: Writer
) -> None:
    assessments, areas = [], []
    for b in booked:
        course = b.course
        before = b.arrival.css
        if course.state != CourseState.COMPLETED or course.last_session_on is None or not before:
            continue
        improved = rng.random() < IMPROVED_SHARE
        day = course.last_session_on
        reassessment = Assessment(
            patient=course.patient,
            clinic=clinic.clinic,
            author=course.author,
            assessed_on=day,
            kind=AssessmentKind.FOLLOW_UP,
            course=course,
            patient_satisfaction=rng.randint(3, 5) if improved else rng.randint(1, 3),
            patient_gais=rng.randint(1, 2) if improved else 3,
            protocol_name=protocol.name,
            protocol_version=protocol.version,
            signed_at=at(clinic, day, 17, 30),
        )
        assessments.append(reassessment)
        baseline = {row.side: row for row in b.arrival.areas}
        for side, css in zip(SIDES, before, strict=True):
            now = _after(css, improved, rng)
            band = protocol.band_for(now.total)
            start = baseline[side].circumference_cm or Decimal(60)
            areas.append(
                AreaScore(
                    assessment=reassessment,
                    area="thighs",
                    side=side,
                    nm_grade=now.e,
                    css_a=now.a,
                    css_b=now.b,
                    css_c=now.c,
                    css_d=now.d,
                    css_e=now.e,
                    css_total=now.total,
                    css_band=band.name if band else "",
                    circumference_cm=start - Decimal(rng.randint(0, 20 if improved else 3)) / 10,
                    gais=reassessment.patient_gais,
                )
            )
    w.bulk(Assessment, assessments)
    w.bulk(AreaScore, areas)
    for s in assessments:
        for action in (Action.CREATE, Action.SIGN):
            w.audit(s.author, action, f"assessment {s.pk}", clinic.clinic.pk, s.patient.pk)
