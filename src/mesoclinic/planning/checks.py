from typing import Any

from django.core.checks import CheckMessage, Error, register

from mesoclinic.domain.errors import ProtocolError
from mesoclinic.planning.protocol import current_protocol


@register()
def protocol_loads(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Refuse to start on a protocol file that does not validate, saying where and why."""
    try:
        current_protocol()
    except ProtocolError as error:
        return [
            Error(
                str(error),
                hint="Fix the protocol file or unset MESOCLINIC_PROTOCOL.",
                id="mesoclinic.E001",
            )
        ]
    return []
