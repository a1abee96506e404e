"""A signed chart (treatment session) and everything its one transaction writes: its areas,
one "used" movement per product application, the course's count, the audit row. Marking
it entered in error puts each volume back with an "adjusted" movement naming the chart."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.charting.models import ProductApplication, SessionArea, TreatmentSession
from mesoclinic.courses.models import Course
from mesoclinic.domain.stock import ML_PLACES, MovementKind
from mesoclinic.formulary.models import StockMovement
from mesoclinic.integrity.problem import Problem
from mesoclinic.patients.models import RecordStatus

CHART_PREFIX = "chart "
# The reason `session_mark_entered_in_error` gives the movement that puts a volume back.
RETURNED = r"^Chart [0-9]+ entered in error"


def _ml(value: Decimal | float | None) -> Decimal:
    return Decimal(str(value or 0)).quantize(ML_PLACES)


def _chart_id(reference: str) -> int | None:
    number = reference.removeprefix(CHART_PREFIX)
    return int(number) if reference.startswith(CHART_PREFIX) and number.isdigit() else None


def every_chart_has_its_movements() -> list[Problem]:
    """Each application was drawn by its own "used" movement of the same lot and volume, and
    what moved in a chart's name adds up to its volumes (nothing once entered in error)."""
    problems = [
        Problem("chart_movements", f"application {a} of chart {s} does not match its movement")
        for a, s in ProductApplication.objects.exclude(
            movement__kind=MovementKind.USED,
            movement__lot_id=F("lot_id"),
            movement__quantity_ml=-F("volume_ml"),
        ).values_list("id", "session_id")
    ]
    moved = _moved_per_chart()
    drawn = (
        TreatmentSession.objects.order_by()
        .annotate(volume=Sum("applications__volume_ml"))
        .values_list("id", "status", "volume")
    )
    for chart_id, status, volume in drawn:
        expected = _ml(0 if status == RecordStatus.ENTERED_IN_ERROR else -_ml(volume))
        if moved.pop(chart_id, _ml(0)) != expected:
            problems.append(
                Problem("chart_movements", f"chart {chart_id}'s stock movements do not add up")
            )
    return problems


def _moved_per_chart() -> dict[int, Decimal]:
    """The stock moved in each chart's name: its draws and the returns that undo them."""
    rows = (
        StockMovement.objects.filter(reference__startswith=CHART_PREFIX)
        .filter(Q(kind=MovementKind.USED) | Q(kind=MovementKind.ADJUSTED, reason__regex=RETURNED))
        .order_by()
        .values("reference")
        .annotate(total=Sum("quantity_ml"))
        .values_list("reference", "total")
    )
    moved: dict[int, Decimal] = defaultdict(Decimal)
    for reference, total in rows:
        chart_id = _chart_id(reference)
        if chart_id is not None:
            moved[chart_id] += _ml(total)
    return moved


def every_chart_movement_has_its_chart() -> list[Problem]:
    """A "used" movement in a chart's name without its application is half a chart."""
    orphans = StockMovement.objects.filter(
        kind=MovementKind.USED, reference__startswith=CHART_PREFIX
    ).filter(~Exists(ProductApplication.objects.filter(movement_id=OuterRef("id"))))
    problems = [
        Problem(
            "chart_movement_owner", f"movement {m} of lot {lot} names {ref} but no chart has it"
        )
        for m, lot, ref in orphans.values_list("id", "lot_id", "reference")
    ]
    charts = set(TreatmentSession.objects.values_list("id", flat=True))
    problems += [
        Problem(
            "chart_movement_owner", f"stock moved in the name of chart {c}, which does not exist"
        )
        for c in sorted(set(_moved_per_chart()) - charts)
    ]
    return problems


def every_chart_names_its_areas() -> list[Problem]:
    """A chart is signed with the areas it treated, written in the same transaction."""
    bare = TreatmentSession.objects.filter(
        ~Exists(SessionArea.objects.filter(session=OuterRef("id")))
    )
    return [
        Problem("chart_areas", f"chart {c} names no area treated")
        for c in bare.values_list("id", flat=True)
    ]


def every_chart_has_its_signature_in_the_trail() -> list[Problem]:
    """Signing a chart writes its audit row in the same transaction: both exist or neither."""
    signed = {
        _chart_id(target)
        for target in AuditEvent.objects.filter(
            action=Action.SIGN, target__startswith=CHART_PREFIX
        ).values_list("target", flat=True)
    }
    charts = set(TreatmentSession.objects.values_list("id", flat=True))
    problems = [
        Problem("chart_signed", f"chart {c} has no signature in the audit trail")
        for c in sorted(charts - signed)
    ]
    problems += [
        Problem("chart_signed", f"the audit trail signs chart {c}, which does not exist")
        for c in sorted(c for c in signed - charts if c is not None)
    ]
    return problems


def course_counts_match_their_charts() -> list[Problem]:
    """A course counts one session done per chart standing (charting adds one, entered in
    error takes it back), so its count is never more nor less than its charts."""
    counted = (
        Course.objects.order_by()
        .annotate(
            charts=Count("sessions", filter=Q(sessions__status=RecordStatus.ACTIVE)),
        )
        .exclude(sessions_done_total=F("charts"))
        .values_list("id", "sessions_done_total", "charts")
    )
    return [
        Problem("course_count", f"course {c} counts {n} sessions done but has {k} charts")
        for c, n, k in counted
    ]
