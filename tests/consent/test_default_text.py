"""The default consent form: plain, honest, and in step with the protocol."""

from dataclasses import replace

from mesoclinic.consent.default_text import default_consent_body
from mesoclinic.consent.models import COST_SLOT, EXPECTED_SESSIONS_SLOT
from mesoclinic.planning.protocol import current_protocol


def test_the_default_form_covers_what_a_patient_must_be_told():
    text = default_consent_body(current_protocol())

    for words in (
        "injections into the layer just under the skin",
        "mix of substances chosen by your practitioner",
        "compounded",
        "not approved",
        "Redness and swelling",
        "bruising (usually 7–10 days)",
        "Infection",
        "pigmentation",
        "scarring",
        "ulceration",
        "evidence that mesotherapy improves cellulite is limited",
        "diet and exercise",
        EXPECTED_SESSIONS_SLOT,
        COST_SLOT,
    ):
        assert words in text, words


def test_the_default_form_repeats_none_of_the_marketing_claims():
    text = default_consent_body(current_protocol()).lower()

    for claim in ("painless", "no side effects", "total", "removal", "guarantee", "permanent"):
        assert claim not in text, claim


def test_the_day_counts_come_from_the_protocol():
    protocol = current_protocol()
    events = tuple(
        replace(event, expected_days=(5, 12)) if event.key == "bruising" else event
        for event in protocol.adverse_events
    )

    text = default_consent_body(replace(protocol, adverse_events=events))

    assert "bruising (usually 5–12 days)" in text
