"""Claims no text for patients may make. The evidence for mesotherapy in cellulite is
limited, so nothing the clinic gives a patient promises a result or repeats the claims
patients are often sold. Checked where a clinic writes such text (its aftercare wording)
and, in the tests, in every document the software prints."""

# In lower case; a text is compared in lower case with its white space made single.
BANNED_PHRASES = (
    "no side effects",
    "virtually no side effects",
    "painless",
    "pain-free",
    "pain free",
    "total removal",
    "total cellulite removal",
    "guaranteed results",
    "permanent results",
)


def claims_in(text: str) -> list[str]:
    """The banned claims the text makes, in the list's order."""
    plain = " ".join(text.lower().split())
    return [phrase for phrase in BANNED_PHRASES if phrase in plain]


def claim_problem(text: str) -> str | None:
    """Why this text cannot be given to patients, or None."""
    found = claims_in(text)
    if not found:
        return None
    quoted = ", ".join(f'"{phrase}"' for phrase in found)
    return (
        f"Remove {quoted}: the evidence does not support it, so patients are never told it. "
        "Say instead what to expect and that results vary."
    )
