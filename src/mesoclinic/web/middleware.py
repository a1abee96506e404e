import zoneinfo
from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from mesoclinic.clinics.models import ChainManager, Clinic, Membership


class LoginRequiredExceptApi(LoginRequiredMiddleware):
    """Every page needs a login; the API answers 401 in JSON itself, with a token or a
    session, so it is not redirected to the login page."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class ClinicTimeZone:
    """Times on pages read in the clinic's zone: stored in UTC, they are shown in the zone
    of the clinics the user works at. A user whose clinics sit in different zones sees UTC,
    and every page says which zone its times are in (`page_time_zone`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        zone = user_time_zone(getattr(request, "user", None))
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def user_time_zone(user: object) -> str | None:
    """The one zone of the user's clinics (or, for a chain manager, of her chains'), or None."""
    if not isinstance(user, User) or not user.is_active:
        return None
    zones = set(
        Membership.objects.filter(user=user, active=True).values_list(
            "clinic__time_zone", flat=True
        )
    )
    if not zones:
        chains = ChainManager.objects.filter(user=user).values("chain_id")
        zones = set(Clinic.objects.filter(chain_id__in=chains).values_list("time_zone", flat=True))
    return zones.pop() if len(zones) == 1 else None
