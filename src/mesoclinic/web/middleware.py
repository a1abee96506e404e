import zoneinfo
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.models import User
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from mesoclinic.clinics.models import ChainManager, Clinic, Membership
from mesoclinic.serving.proxies import client_address, is_trusted
from mesoclinic.web.api_errors import TOO_BIG


class ClientAddressFromTrustedProxy:
    """REMOTE_ADDR becomes the client's address when the peer is one of TRUSTED_PROXIES (the
    right-most X-Forwarded-For entry that is not a proxy of ours), so the audit trail and
    the log-in lockout see the person, not the proxy. From any other peer the forwarded
    headers are dropped: nothing further in can be tempted to believe them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        peer = request.META.get("REMOTE_ADDR", "")
        if is_trusted(peer, settings.TRUSTED_PROXIES):
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
            request.META["REMOTE_ADDR"] = client_address(peer, forwarded, settings.TRUSTED_PROXIES)
        else:
            request.META.pop("HTTP_X_FORWARDED_FOR", None)
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)


class RefuseOversizedBodies:
    """A request announcing a body larger than the largest photo (plus room for the form
    around it) is answered 413 before a byte of the body is read, so no upload can fill the
    disk; under /api/ the answer is JSON (JsonErrorsUnderApi, which sits outside this)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if _announced_length(request) > settings.MESOCLINIC_MAX_BODY_BYTES:
            return HttpResponse(TOO_BIG, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _announced_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


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


# Paths whose responses may be kept by a browser or proxy even for a logged-in user: the
# stylesheet, scripts and icons, the same for everyone and free of patient data.
NO_STORE_EXCEPTIONS = (settings.STATIC_URL,)


def _authenticated(request: HttpRequest) -> bool:
    # The API's bearer token sets request.user when it is valid; a session does so before
    # the view runs. A request that sent a token is treated as authenticated either way:
    # its answer is never worth keeping.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return request.headers.get("Authorization", "").lower().startswith("bearer ")


class NoStoreForAuthenticated:
    """Nothing shown to a logged-in user is kept in a browser's or proxy's cache: a shared
    desktop at the front desk must not replay a patient's chart through the back button
    or the disk cache after logout."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if _authenticated(request) and not request.path_info.startswith(NO_STORE_EXCEPTIONS):
            patch_cache_control(response, no_store=True, private=True)
        return response


class JsonErrorsUnderApi:
    """Under /api/ every answer is JSON, including Django's own errors (a body over the size
    limit, a path that matches no endpoint, a server error): a client never has to read an
    HTML page. Pages keep Django's HTML."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not request.path_info.startswith("/api/") or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        answer = _json_error(response.status_code)
        # Whatever the inner layers decided about caching still holds for the JSON answer.
        if "Cache-Control" in response:
            answer["Cache-Control"] = response["Cache-Control"]
        # A failure already logged with its traceback is not logged a second time, bare.
        if getattr(response, "_has_been_logged", False):
            answer._has_been_logged = True  # type: ignore[attr-defined]
        return answer

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        if request.path_info.startswith("/api/") and isinstance(exception, RequestDataTooBig):
            return _json_error(413)
        return None


def _json_error(status: int) -> JsonResponse:
    detail = TOO_BIG if status == 413 else HTTPStatus(status).phrase + "."
    return JsonResponse({"detail": detail}, status=status)


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
