from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponseBase, JsonResponse

from mesoclinic.web.api_errors import TOO_BIG


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
        return _json_error(response.status_code)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        if request.path_info.startswith("/api/") and isinstance(exception, RequestDataTooBig):
            return _json_error(413)
        return None


def _json_error(status: int) -> JsonResponse:
    detail = TOO_BIG if status == 413 else HTTPStatus(status).phrase + "."
    return JsonResponse({"detail": detail}, status=status)
