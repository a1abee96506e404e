"""Demo charts: today's session for some active courses, through the real charting service,
so the recall report and the stock show real use."""

import random
from datetime import date
from decimal import Decimal

from mesoclinic.audit.actor import Actor
from mesoclinic.charting.recheck import RECHECK_KEYS
from mesoclinic.charting.services import Application, ChartEntry, session_chart
from mesoclinic.courses.models import Course, CourseState
from mesoclinic.domain.charting import AreaTreated
from mesoclinic.domain.errors import DomainError
from mesoclinic.formulary.models import Lot


def _lots(course: Course, today: date) -> list[Lot]:
    usable = (
        Lot.objects.filter(
            clinic_id=course.clinic_id,
            recalled_at__isnull=True,
            expiry_date__gte=today,
            on_hand_ml__gte=2,
            product__session_limit_ml__isnull=False,
        )
        .select_related("product")
        .order_by("product__name", "expiry_date")
    )
    one_per_product: dict[int, Lot] = {}
    for lot in usable:
        one_per_product.setdefault(lot.product_id, lot)
    return list(one_per_product.values())


def create_charts(today: date, rng: random.Random, limit: int = 12) -> int:
    charted = 0
    courses = Course.objects.filter(state=CourseState.ACTIVE).select_related("author")
    for course in courses.order_by("id")[:limit]:
        if course.last_session_on is not None and course.last_session_on >= today:
            continue
        lots = _lots(course, today)
        if len(lots) < 2:
            continue
        chosen = rng.sample(lots, 2)
        entry = ChartEntry(
            performed_on=today,
            areas=[AreaTreated("thighs", "left"), AreaTreated("thighs", "right")],
            applications=[
                Application(lot.id, min(Decimal(2), lot.product.session_limit_ml or Decimal(2)))
                for lot in chosen
            ],
            technique=rng.choice(["nappage", "papule"]),
            depth_mm=Decimal(3),
            needle_gauge=30,
            needle_length_mm=Decimal(4),
            duration_minutes=60,
            recheck=dict.fromkeys(RECHECK_KEYS, False),
            notes="Demo session.",
        )
        try:
            session_chart(actor=Actor(user=course.author, via="cli"), course=course, entry=entry)
        except DomainError:
            continue  # e.g. a demo patient with an open bruise at the thigh: not charted
        charted += 1
    return charted
