"""One broken invariant, as the integrity report prints it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Names the check and the records by id only: the report goes to terminals and logs,
    so nothing clinical is in it."""

    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"
