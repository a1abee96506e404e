"""A lot with its stock movements: the whole history (the API), or one page of it newest
first (the lot page). Read only in the actor's clinics, the read audited."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from mesoclinic.access import get_in_clinics_or_404
from mesoclinic.audit.actor import Actor
from mesoclinic.audit.models import Action
from mesoclinic.audit.services import audit_record
from mesoclinic.clinics.clock import clinic_today
from mesoclinic.formulary.models import Lot, StockMovement
from mesoclinic.formulary.selectors import LotRow, access_lots, can_manage, lot_row


@dataclass(frozen=True)
class LotHistory:
    row: LotRow
    movements: list[StockMovement]
    can_manage: bool
    # On a page of the history: the last movement's id when older ones follow, else None.
    older_than: int | None = None

    @property
    def lot(self) -> Lot:
        return self.row.lot


MOVEMENTS_PAGE_SIZE = 50


def _read_lot(actor: Actor, lot_id: int) -> Lot:
    lot = get_in_clinics_or_404(access_lots(actor), id=lot_id)
    audit_record(actor=actor, action=Action.READ, target=f"lot {lot.id}", clinic_id=lot.clinic_id)
    return lot


def access_lot_history(actor: Actor, lot_id: int) -> LotHistory:
    """One lot with every movement of its stock, oldest first, audited."""
    with transaction.atomic():
        lot = _read_lot(actor, lot_id)
        movements = list(lot.movements.select_related("actor").order_by("at", "id"))
    return LotHistory(
        row=lot_row(lot, clinic_today(lot.clinic)),
        movements=movements,
        can_manage=can_manage(actor, lot.clinic_id),
    )


def access_lot_page(actor: Actor, lot_id: int, older_than: int | None = None) -> LotHistory:
    """One lot with one page of its movements, newest first, audited. Keyset paging on
    (time, id) through the lot's index: a lot used for years costs what a new one does,
    and the stock shown is the lot's own balance, never a sum of the page."""
    with transaction.atomic():
        lot = _read_lot(actor, lot_id)
        movements = lot.movements.select_related("actor").order_by("-at", "-id")
        if older_than is not None:
            cursor = lot.movements.filter(id=older_than).values("at").first()
            # `at <= cursor` repeats the condition in a form the (lot, at) index can start
            # from, so a deep page does not read past the newer pages' rows.
            movements = (
                movements.filter(at__lte=cursor["at"]).filter(
                    Q(at__lt=cursor["at"]) | Q(at=cursor["at"], id__lt=older_than)
                )
                if cursor
                else movements.none()
            )
        rows = list(movements[: MOVEMENTS_PAGE_SIZE + 1])
    page = rows[:MOVEMENTS_PAGE_SIZE]
    return LotHistory(
        row=lot_row(lot, clinic_today(lot.clinic)),
        movements=page,
        can_manage=can_manage(actor, lot.clinic_id),
        older_than=page[-1].id if len(rows) > MOVEMENTS_PAGE_SIZE else None,
    )
