"""The app's own URLs plus views that fail, for the error-page tests: an exception in a page,
in an API operation, a refusal (403) and a bad request (400). The exceptions carry a
patient's name, as a real failure's message might, so a test sees whether it escapes."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path
from ninja import NinjaAPI

from mesoclinic.urls import urlpatterns as app_urlpatterns

SECRET = "Ada Lovelace born 1985-12-10"

failing_api = NinjaAPI(urls_namespace="failing_api", docs_url=None)


@failing_api.get("/boom", auth=None)
def api_boom(request: HttpRequest) -> dict[str, str]:
    raise RuntimeError(SECRET)


def page_boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET)


def page_forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(SECRET)


def page_bad_request(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation(SECRET)


urlpatterns = [
    path("api/v1/failing/", failing_api.urls),
    path("failing/boom/", page_boom),
    path("failing/forbidden/", page_forbidden),
    path("failing/bad-request/", page_bad_request),
    *app_urlpatterns,
]
