"""`{{ volume|ml }}` shows a volume as the API's digits plus the unit, e.g. "2.50 mL"."""

from decimal import Decimal

from django import template

from mesoclinic.domain.stock import MECHANISM_LABELS, Mechanism, format_ml

register = template.Library()


@register.filter
def ml(volume: Decimal | None) -> str:
    return "" if volume is None else format_ml(volume)


@register.filter
def mechanism_labels(values: list[str]) -> str:
    known = {mechanism.value: MECHANISM_LABELS[mechanism] for mechanism in Mechanism}
    return ", ".join(known.get(value, value) for value in values)
