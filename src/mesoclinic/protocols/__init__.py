"""Protocol files: the packaged default and the loader for a clinic's own copy.

This is the only place the protocol is read from disk; everything else receives a
`Protocol` and stays free of I/O.
"""

from pathlib import Path

from mesoclinic.domain.errors import ProtocolError
from mesoclinic.domain.protocol import Protocol, parse_protocol

__all__ = ["DEFAULT_PROTOCOL_PATH", "load_protocol"]

DEFAULT_PROTOCOL_PATH: Path = Path(__file__).with_name("cellulite.toml")


def load_protocol(path: Path | str | None = None) -> Protocol:
    """Read and check a protocol file (the packaged one when no path is given)."""
    file = DEFAULT_PROTOCOL_PATH if path is None else Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(str(file), None, "cannot read the file: it is not UTF-8 text") from None
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise ProtocolError(str(file), None, f"cannot read the file: {reason}") from None
    return parse_protocol(text, str(file))
