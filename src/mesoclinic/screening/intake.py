"""The patient's own answers from the portal, as the practitioner's screening form starts
from them. They are a starting point only: the practitioner asks, corrects and signs."""

from typing import Any

from mesoclinic.screening.models import PatientIntake


def intake_initial(intake: PatientIntake | None) -> dict[str, Any]:
    """Initial values for the screening form's answer and note fields."""
    if intake is None:
        return {}
    initial: dict[str, Any] = {}
    for row in intake.answers:
        initial[f"answer_{row['key']}"] = "yes" if row["answer"] else "no"
        if row.get("note"):
            initial[f"note_{row['key']}"] = f"Patient wrote: {row['note']}"
    return initial
