"""Links put in emails. A request's host cannot be used (a job has no request, and a host
header is the client's to choose): the address patients open is the setting SITE_URL."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def absolute_url(path: str) -> str:
    """`/portal/links/abc/` -> `https://clinic.example/portal/links/abc/`."""
    if not path.startswith("/"):
        raise ValueError("absolute_url takes a path that starts with '/'.")
    if not settings.SITE_URL:
        raise ImproperlyConfigured(
            "SITE_URL is not set: set it to the address patients open (https://clinic.example)."
        )
    return settings.SITE_URL.rstrip("/") + path
