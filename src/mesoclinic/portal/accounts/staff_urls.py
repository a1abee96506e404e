"""Staff pages of the portal, under the staff paths they belong beside (a patient's page, a
clinic's setup); patients never reach them (`middleware.PatientsStayInThePortal`)."""

from django.urls import path

from mesoclinic.portal.accounts import staff_views as accounts_staff

app_name = "portal_staff"

urlpatterns = [
    path(
        "patients/<int:patient_id>/portal-invitation/",
        accounts_staff.portal_invitation,
        name="invitation",
    ),
    path("clinic/<int:clinic_id>/portal/", accounts_staff.portal_settings, name="settings"),
]
