from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register


@register(deploy=True)
def site_url_set(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Without SITE_URL no email can carry a link (`addresses.absolute_url` refuses). The
    staff side works without email, so the deployment check (`mesoclinic check --deploy`)
    warns rather than the server refusing to start; the first message that needs a link
    fails with the same advice."""
    if settings.SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set: emails to patients cannot carry links to the portal.",
            hint="Set SITE_URL to the address patients open, e.g. https://clinic.example.",
            id="mesoclinic.W010",
        )
    ]
