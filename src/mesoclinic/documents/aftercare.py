"""The aftercare sheet of a charted session: the clinic's aftercare text exactly as the
chart page gives it (`charting.aftercare.session_aftercare`), laid out for print."""

from dataclasses import dataclass
from typing import Any

from mesoclinic.charting.aftercare import session_aftercare
from mesoclinic.charting.models import TreatmentSession

# A paragraph's first line is read as its heading when it is this short and the
# paragraph goes on ("What to expect" above its text); anything else stays body text.
HEADING_MAX_LENGTH = 60


@dataclass(frozen=True)
class Paragraph:
    heading: str
    lines: list[str]


def paragraphs(text: str) -> list[Paragraph]:
    found = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        first = lines[0]
        if len(lines) > 1 and len(first) <= HEADING_MAX_LENGTH and not first.endswith("."):
            found.append(Paragraph(heading=first, lines=lines[1:]))
        else:
            found.append(Paragraph(heading="", lines=lines))
    return found


def aftercare_context(session: TreatmentSession) -> dict[str, Any]:
    return {"session": session, "paragraphs": paragraphs(session_aftercare(session))}
