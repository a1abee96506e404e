"""Synthetic patients and what comes before a course: a screening (a few with a stop, a
few with a caution a practitioner signs off), a consent signed on the same visit, and a
signed initial assessment whose grades the estimate turns into a course."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from mesoclinic.assessments.models import AreaScore, Assessment, AssessmentKind
from mesoclinic.audit.models import Action
from mesoclinic.consent.models import COST_SLOT, EXPECTED_SESSIONS_SLOT, SignedConsent
from mesoclinic.demo.patients import FAMILY, GIVEN, LANGUAGES
from mesoclinic.domain.grading import CSSScore
from mesoclinic.domain.protocol import Protocol
from mesoclinic.domain.screening import system_answers
from mesoclinic.patients.models import Patient, Sex
from mesoclinic.patients.services import phone_digits
from mesoclinic.screening.models import Screening, ScreeningAnswer, ScreeningSignOff
from mesoclinic.synth.organisation import SynthClinic
from mesoclinic.synth.writer import Writer

STOP_SHARE = 0.03  # screened with a stop: no course
CAUTION_SHARE = 0.05  # a caution, signed off by the practitioner
GRADE_ONE_SHARE = 0.18  # a single preventive session
SIDES = ("left", "right")
EXPECTED, COST = "10–15 (estimate)", "£60 per session"


@dataclass
class Arrival:
    patient: Patient
    day: date  # the first visit: screening, consent and assessment
    practitioner: int
    assessment: Assessment | None = None  # None: no course (a stop at screening)
    grade: int = 0
    css: tuple[CSSScore, CSSScore] | None = None
    areas: list[AreaScore] = field(default_factory=list)  # the baseline's, left then right


def at(clinic: SynthClinic, day: date, hour: int, minute: int = 0) -> datetime:
    local = datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(clinic.clinic.time_zone))
    return local.astimezone(ZoneInfo("UTC"))


def create_patients(
    clinic: SynthClinic, count: int, first_day: date, today: date, rng: random.Random, w: Writer
) -> list[Arrival]:
    span = (today - first_day).days
    days = sorted(first_day + timedelta(days=rng.randrange(span + 1)) for _ in range(count))
    arrivals = []
    for number, day in enumerate(days, start=1):
        phone = f"+447700900{rng.randrange(1000):03d}"  # Ofcom's drama range
        patient = Patient(
            clinic=clinic.clinic,
            given_name=rng.choice(GIVEN),
            family_name=f"{rng.choice(FAMILY)} {number:05d}",
            date_of_birth=day - timedelta(days=rng.randint(20 * 365, 60 * 365)),
            sex=Sex.FEMALE if rng.random() < 0.95 else Sex.MALE,
            phone=phone,
            phone_digits=phone_digits(phone),
            email=f"synthetic.{clinic.clinic.pk}.{number}@example.org",
            preferred_language=rng.choice(LANGUAGES),
            may_contact=rng.random() < 0.8,
            created_by=clinic.desks[number % 2],
        )
        arrivals.append(Arrival(patient, day, rng.randrange(len(clinic.practitioners))))
    w.bulk(Patient, [a.patient for a in arrivals])
    for number, a in enumerate(arrivals):
        w.audit(clinic.desks[number % 2], Action.CREATE, "patient", clinic.clinic.pk, a.patient.pk)
    return arrivals


def screening_rows(
    clinic: SynthClinic,
    patient: Patient,
    author: User,
    day: date,
    protocol: Protocol,
    answered_yes: tuple[str | None, ...] = (),
) -> tuple[Screening, list[ScreeningAnswer]]:
    """A screening on `day` with every item of the protocol answered, age from the date
    of birth, the items named answered yes."""
    age = patient.age_on(day)
    given = system_answers(age, protocol.screening_items)
    screening = Screening(
        patient=patient,
        clinic=clinic.clinic,
        author=author,
        taken_on=day,
        protocol_name=protocol.name,
        protocol_version=protocol.version,
        age_years=age,
    )
    answers = [
        ScreeningAnswer(
            screening=screening,
            position=position,
            item_key=item.key,
            item_label=item.label,
            level=item.level,
            answer=given.get(item.key, item.key in answered_yes),
            system_answered=item.key in given,
        )
        for position, item in enumerate(protocol.screening_items)
    ]
    return screening, answers


def screen_and_consent(
    clinic: SynthClinic, arrivals: list[Arrival], protocol: Protocol, rng: random.Random, w: Writer
) -> None:
    screenings, answers, sign_offs, consents = [], [], [], []
    stops = [i.key for i in protocol.screening_items if i.level == "stop" and i.key != "under_18"]
    cautions = [i.key for i in protocol.screening_items if i.level == "caution"]
    for a in arrivals:
        author = clinic.practitioners[a.practitioner]
        stop = rng.choice(stops) if rng.random() < STOP_SHARE else None
        caution = rng.choice(cautions) if rng.random() < CAUTION_SHARE else None
        screening, rows = screening_rows(
            clinic, a.patient, author, a.day, protocol, answered_yes=(stop, caution)
        )
        screenings.append(screening)
        answers += rows
        if caution:
            sign_offs.append(
                ScreeningSignOff(
                    screening=screening,
                    item_key=caution,
                    reason="Discussed with the patient (synthetic data).",
                    author=author,
                    revision=0,
                )
            )
        if stop:
            continue
        name = f"{a.patient.given_name} {a.patient.family_name}"
        consents.append(
            SignedConsent(
                patient=a.patient,
                clinic=clinic.clinic,
                author=author,
                template=clinic.template,
                template_version=clinic.template.version,
                title=clinic.template.title,
                text=clinic.template.body.replace(EXPECTED_SESSIONS_SLOT, EXPECTED).replace(
                    COST_SLOT, COST
                ),
                expected_sessions=EXPECTED,
                cost=COST,
                patient_typed_name=name,
                signature_kind="typed",
                signed_at=at(clinic, a.day, 9, 40),
            )
        )
        a.assessment = Assessment()  # marks the patient as one who goes on to a course
    w.bulk(Screening, screenings)
    w.bulk(ScreeningAnswer, answers)
    w.bulk(ScreeningSignOff, sign_offs)
    w.bulk(SignedConsent, consents)
    for s in screenings:
        w.audit(s.author, Action.CREATE, f"screening {s.pk}", clinic.clinic.pk, s.patient.pk)
    for c in consents:
        w.audit(c.author, Action.CREATE, f"consent {c.pk}", clinic.clinic.pk, c.patient.pk)


def _css(grade: int, rng: random.Random) -> CSSScore:
    low = 0 if grade < 2 else 1
    a, b, c, d = (rng.randint(low, min(3, grade + 1)) for _ in range(4))
    return CSSScore(a=a, b=b, c=c, d=d, e=grade)


def assess(
    clinic: SynthClinic, arrivals: list[Arrival], protocol: Protocol, rng: random.Random, w: Writer
) -> None:
    assessments = []
    for a in arrivals:
        if a.assessment is None:
            continue
        a.grade = 1 if rng.random() < GRADE_ONE_SHARE else 2
        a.css = (_css(a.grade, rng), _css(a.grade, rng))
        a.assessment = Assessment(
            patient=a.patient,
            clinic=clinic.clinic,
            author=clinic.practitioners[a.practitioner],
            assessed_on=a.day,
            kind=AssessmentKind.INITIAL,
            weight_kg=Decimal(rng.randint(550, 950)) / 10,
            protocol_name=protocol.name,
            protocol_version=protocol.version,
            signed_at=at(clinic, a.day, 10),
        )
        assessments.append(a.assessment)
        for side, css in zip(SIDES, a.css, strict=True):
            band = protocol.band_for(css.total)
            a.areas.append(
                AreaScore(
                    assessment=a.assessment,
                    area="thighs",
                    side=side,
                    nm_grade=a.grade,
                    css_a=css.a,
                    css_b=css.b,
                    css_c=css.c,
                    css_d=css.d,
                    css_e=css.e,
                    css_total=css.total,
                    css_band=band.name if band else "",
                    circumference_cm=Decimal(rng.randint(520, 680)) / 10,
                )
            )
    w.bulk(Assessment, assessments)
    w.bulk(AreaScore, [row for a in arrivals for row in a.areas])
    for s in assessments:
        for action in (Action.CREATE, Action.SIGN):
            w.audit(s.author, action, f"assessment {s.pk}", clinic.clinic.pk, s.patient.pk)
