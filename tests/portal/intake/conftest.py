"""Helpers for the health questions: her answers as the page posts them."""

from mesoclinic.clinics.models import Clinic
from mesoclinic.portal.intake import intake_questions

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
