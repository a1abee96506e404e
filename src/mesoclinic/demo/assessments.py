"""Demo assessments across NM grades 0–3, with generated photos, through the real services."""

import io
import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from PIL import Image, ImageDraw

from mesoclinic.assessments.models import Pose
from mesoclinic.assessments.services import assessment_create, assessment_sign, photo_add
from mesoclinic.audit.actor import Actor
from mesoclinic.domain.assessment import AreaEntry
from mesoclinic.patients.models import Patient

GRADE_WEIGHTS = {0: 1, 1: 3, 2: 5, 3: 2}  # grade 2 is the most common (seed)
LANDMARK = "18 cm above the top of the kneecap"


def demo_photo(label: str, rng: random.Random) -> io.BytesIO:
    """A plain generated picture, clearly marked as demo data: no real body is shown."""
    image = Image.new("RGB", (480, 640), (rng.randint(200, 230), rng.randint(170, 200), 160))
    draw = ImageDraw.Draw(image)
    for y in range(0, 640, 8):
        shade = 150 + (y * 60) // 640
        draw.line([(0, y), (480, y)], fill=(shade + 40, shade, shade - 20), width=4)
    draw.rectangle([(20, 20), (460, 90)], fill=(255, 255, 255))
    draw.text((32, 34), "DEMO PHOTO", fill=(0, 0, 0))
    draw.text((32, 58), label, fill=(0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    buffer.seek(0)
    buffer.name = "demo.jpg"
    return buffer


def _css_items(grade: int, rng: random.Random) -> tuple[int, int, int, int, int]:
    def item() -> int:
        return max(0, min(3, grade + rng.choice([-1, 0, 0, 1])))

    return (item(), item(), item(), item(), grade)


def create_assessments(patients: list[Patient], today: date, rng: random.Random) -> int:
    created = 0
    grades = list(GRADE_WEIGHTS)
    weights = list(GRADE_WEIGHTS.values())
    for index, patient in enumerate(patients):
        if index % 6 == 5:
            continue  # some patients are not assessed yet
        practitioner = User.objects.get(username=f"{patient.clinic.name.lower()}.practitioner")
        actor = Actor(user=practitioner, via="cli")
        grade = rng.choices(grades, weights)[0]
        entries = [
            AreaEntry(
                area="thighs",
                side=side,
                nm_grade=grade,
                css_items=_css_items(grade, rng),
                circumference_cm=Decimal(rng.randint(500, 650)) / 10,
                landmark=LANDMARK,
            )
            for side in ("left", "right")
        ]
        if rng.random() < 0.4:
            buttock_grade = max(0, grade - 1)
            entries.append(
                AreaEntry(
                    area="buttocks",
                    side="left",
                    nm_grade=buttock_grade,
                    css_items=_css_items(buttock_grade, rng),
                )
            )
        assessment = assessment_create(
            actor=actor,
            patient_id=patient.id,
            assessed_on=today - timedelta(days=rng.randint(7, 60)),
            kind="initial",
            areas=entries,
            weight_kg=Decimal(rng.randint(550, 950)) / 10,
            notes="Demo assessment.",
        )
        if index % 3 == 0:
            for pose in (Pose.BACK_RELAXED, Pose.LEFT_SIDE):
                photo_add(
                    actor=actor,
                    assessment=assessment,
                    pose=pose,
                    upload=demo_photo(str(pose.label), rng),
                )
        if index % 7 != 0:
            assessment_sign(actor=actor, assessment=assessment)
        created += 1
    return created
