"""The two ways clinical input can be refused.

`DomainError` is about what a person typed (a grade, a score, a date): it names the field
so a form can show the message beside it. `ProtocolError` is about a protocol file: it names
the file and line so a clinic admin can open the file and fix it.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager


class DomainError(ValueError):
    """Bad clinical input. `field` names the offending input; str(err) is one sentence
    saying what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class ProtocolError(Exception):
    """A protocol file that cannot be used, with where and why."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {reason}")


class DomainErrors(DomainError):
    """Several refusals found in one pass, each naming its own field, so a form or an API
    client can be told everything to fix at once. As a DomainError it reads as the first
    field with every message joined."""

    def __init__(self, problems: Sequence[DomainError]) -> None:
        self.problems = [each for problem in problems for each in problems_of(problem)]
        super().__init__(self.problems[0].field, " ".join(p.message for p in self.problems))

    @property
    def errors(self) -> dict[str, str]:
        by_field: dict[str, list[str]] = {}
        for problem in self.problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        return {field: " ".join(messages) for field, messages in by_field.items()}


def problems_of(error: DomainError) -> list[DomainError]:
    """Each refusal an error carries: itself, or the several it gathered."""
    return list(error.problems) if isinstance(error, DomainErrors) else [error]


class Problems:
    """Gathers the refusals of independent checks, so that all of them are reported
    together instead of only the first: `with problems.check(): ...` for each check, then
    `raise_any()`."""

    def __init__(self) -> None:
        self.found: list[DomainError] = []

    @contextmanager
    def check(self, prefix: str = "") -> Iterator[None]:
        """Records a refusal raised inside instead of letting it stop the caller; `prefix`
        places its field (e.g. "areas.2.")."""
        try:
            yield
        except DomainError as error:
            for problem in problems_of(error):
                self.found.append(
                    DomainError(prefix + problem.field, problem.message) if prefix else problem
                )

    def raise_any(self) -> None:
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            raise DomainErrors(self.found)
