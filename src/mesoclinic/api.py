"""The JSON API under /api/v1/. Each app adds its router; this module only joins them and
decides how callers authenticate and how errors read."""

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from mesoclinic.adverse_events.api import router as adverse_events_router
from mesoclinic.appointments.api import router as appointments_router
from mesoclinic.assessments.api import router as assessments_router
from mesoclinic.charting.api import router as charting_router
from mesoclinic.consent.api import router as consent_router
from mesoclinic.courses.api import router as courses_router
from mesoclinic.dashboard.api import router as dashboard_router
from mesoclinic.documents.api import router as documents_router
from mesoclinic.domain.errors import DomainError
from mesoclinic.formulary.api import router as formulary_router
from mesoclinic.messaging.api import router as messaging_router
from mesoclinic.patients.api import router as patients_router
from mesoclinic.portal.accounts.api import patient_router as portal_account_router
from mesoclinic.portal.accounts.api import staff_router as portal_accounts_router
from mesoclinic.portal.api import router as portal_router
from mesoclinic.progress.api import router as progress_router
from mesoclinic.recalls.api import router as recalls_router
from mesoclinic.rota.api import router as rota_router
from mesoclinic.screening.api import router as screening_router
from mesoclinic.waitlist.api import router as waitlist_router
from mesoclinic.waitlist.portal_api import router as portal_waitlist_router
from mesoclinic.web.api_errors import TOO_BIG, with_error_responses
from mesoclinic.web.tokens import token_user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


class BrowserSession(SessionAuth):
    """A logged-in browser session; its state changes must carry the CSRF token. A request
    without a session is simply not authenticated by it (401, as for a read), rather than
    refused for a CSRF token it had no reason to send."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


class MesoclinicApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return with_error_responses(super().get_openapi_schema(**kwargs))


api = MesoclinicApi(
    title="mesoclinic",
    version="1",
    auth=[BearerToken(), BrowserSession()],
    urls_namespace="api",
    docs_url=None,
)


def _field_name(location: list[Any]) -> str:
    # ("body", "payload", "date_of_birth") -> "date_of_birth"
    parts = [str(part) for part in location if part not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "request"


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Every path parameter is a record's id: one that cannot be an id names no record.
    if any(list(error.get("loc", []))[:1] == ["path"] for error in exc.errors):
        return on_not_found(request, Http404())
    errors: dict[str, str] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(list(error.get("loc", []))), str(error.get("msg", "")))
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    # Some refusals carry several reasons, each for its own field.
    errors = getattr(exc, "errors", None) or {exc.field: exc.message}
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, {"detail": TOO_BIG}, status=413)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Log in, or send Authorization: Bearer TOKEN."}, status=401
    )


api.add_router("/patients", patients_router)
# Patients' own endpoints: only a patient's session reaches them (portal/access.py).
api.add_router("/portal", portal_router)
api.add_router("/portal/account", portal_account_router)
api.add_router("/portal/waitlist", portal_waitlist_router)
api.add_router("/", screening_router)
api.add_router("/", consent_router)
api.add_router("/", assessments_router)
api.add_router("/", formulary_router)
api.add_router("/", courses_router)
api.add_router("/", progress_router)
api.add_router("/", adverse_events_router)
api.add_router("/", charting_router)
api.add_router("/", rota_router)
api.add_router("/", appointments_router)
api.add_router("/", dashboard_router)
api.add_router("/", recalls_router)
api.add_router("/", documents_router)
api.add_router("/", messaging_router)
api.add_router("/", portal_accounts_router)
api.add_router("/", waitlist_router)
