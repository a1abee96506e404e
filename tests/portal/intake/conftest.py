"""Helpers for the health questions: her answers as the page posts them; `held`, Ada with
two sessions held (screened, consented, course started, charted)."""

from mesoclinic.clinics.models import Clinic
from mesoclinic.portal.intake.questions import intake_questions
from tests.charting.conftest import caffeine, caffeine_lot, silicon, silicon_lot  # noqa: F401
from tests.portal.side_effects.conftest import held  # noqa: F401

STOP = "pregnancy"
CAUTION = "anticoagulant_or_antiplatelet"


def answers(clinic: Clinic, *yes: str) -> dict[str, bool]:
    """Every question answered: yes to `yes`, no to the rest."""
    return {question.key: question.key in yes for question in intake_questions(clinic)}


def page_post(clinic: Clinic, *yes: str, **notes: str) -> dict[str, str]:
    """The health questions page's form, answered."""
    data = {
        f"answer_{key}": "yes" if value else "no" for key, value in answers(clinic, *yes).items()
    }
    data.update({f"note_{key}": note for key, note in notes.items()})
    return data
