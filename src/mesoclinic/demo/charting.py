"""Demo charts, through the real charting service so the recall report and the stock show
real use: the sessions behind each running course, and today's session for some."""

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


def _lots(course: Course, day: date) -> list[Lot]:
    """One lot a product that could be used on `day`: in stock, in date, already received."""
    usable = (
        Lot.objects.filter(
            clinic_id=course.clinic_id,
            recalled_at__isnull=True,
            expiry_date__gte=day,
            received_on__lte=day,
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


def chart_demo_session(actor: Actor, course: Course, day: date, rng: random.Random) -> bool:
    """Charts the course's next session as done on `day` with two products, through the
    real service; False (and nothing written) when no two lots fit or a guard refuses."""
    lots = _lots(course, day)
    if len(lots) < 2:
        return False
    entry = ChartEntry(
        performed_on=day,
        areas=[AreaTreated("thighs", "left"), AreaTreated("thighs", "right")],
        applications=[
            Application(lot.id, min(Decimal(2), lot.product.session_limit_ml or Decimal(2)))
            for lot in rng.sample(lots, 2)
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
        session_chart(actor=actor, course=course, entry=entry)
    except DomainError:
        return False  # e.g. a demo patient with an open bruise at the thigh: not charted
    return True


def create_charts(today: date, rng: random.Random, limit: int = 12) -> int:
    """Today's session for the first `limit` active courses not already seen today."""
    charted = 0
    courses = Course.objects.filter(state=CourseState.ACTIVE).select_related("author")
    for course in courses.order_by("id")[:limit]:
        if course.last_session_on is not None and course.last_session_on >= today:
            continue
        charted += chart_demo_session(Actor(user=course.author, via="cli"), course, today, rng)
    return charted
