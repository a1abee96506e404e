"""The consent form a clinic starts with, in plain words (the text is in
templates/consent/default_form.txt). Day counts come from the protocol's adverse events,
so the form and the protocol never disagree; the number of sessions and the cost are
filled in for each patient when they sign."""

from functools import cache
from pathlib import Path
from string import Template

from mesoclinic.domain.protocol import Protocol
from mesoclinic.domain.wording import day_span

DEFAULT_TITLE = "Consent to mesotherapy for cellulite"
DEFAULT_FORM = Path(__file__).parent / "templates" / "consent" / "default_form.txt"


@cache
def _form() -> Template:
    return Template(DEFAULT_FORM.read_text(encoding="utf-8"))


def _lasting(protocol: Protocol, key: str) -> str:
    for event in protocol.adverse_events:
        if event.key == key and event.expected_days is not None:
            return f"usually {day_span(*event.expected_days)}"
    return "usually a few days"


def default_consent_body(protocol: Protocol) -> str:
    return _form().substitute(
        bruising=_lasting(protocol, "bruising"),
        redness_swelling=_lasting(protocol, "redness_swelling"),
    )
