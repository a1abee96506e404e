"""The portal's JSON API under /api/v1/portal/: her own records only, found from her
signed-in session (patients have no API tokens). Each portal feature adds its endpoints to
`router` from its own module; this one answers who she is."""

from django.http import HttpRequest
from ninja import Router, Schema

from mesoclinic.portal.access import portal_read
from mesoclinic.portal.booking.api import router as course_router
from mesoclinic.portal.side_effects.api import router as side_effects_router

router = Router(tags=["portal"])
router.add_router("/", course_router)
router.add_router("/side-effects", side_effects_router)


class MeOut(Schema):
    given_name: str
    family_name: str
    clinic: str
    clinic_phone: str


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    patient = portal_read(request, "portal account")
    return MeOut(
        given_name=patient.given_name,
        family_name=patient.family_name,
        clinic=patient.clinic.name,
        clinic_phone=patient.clinic.phone,
    )


# Each feature's own router, mounted under this one (imported last: they use `portal.access`).
from mesoclinic.portal.documents.api import router as documents_router  # noqa: E402
from mesoclinic.portal.intake.api import router as intake_router  # noqa: E402
from mesoclinic.portal.reminders.api import router as confirm_router  # noqa: E402

router.add_router("/documents", documents_router)
router.add_router("", intake_router)
router.add_router("", confirm_router)
