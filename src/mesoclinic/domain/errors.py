"""The two ways clinical input can be refused.

`DomainError` is about what a person typed (a grade, a score, a date): it names the field
so a form can show the message beside it. `ProtocolError` is about a protocol file: it names
the file and line so a clinic admin can open the file and fix it.
"""


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
