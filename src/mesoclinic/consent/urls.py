from django.urls import path

from mesoclinic.consent import views

app_name = "consent"
urlpatterns = [
    path("patients/<int:patient_id>/consent/", views.consent_list, name="list"),
    path("patients/<int:patient_id>/consent/sign/", views.consent_sign_view, name="sign"),
    path("consent/<int:consent_id>/", views.consent_detail, name="detail"),
    path(
        "consent/<int:consent_id>/entered-in-error/",
        views.consent_entered_in_error,
        name="entered_in_error",
    ),
    path("consent-forms/", views.template_index, name="template_index"),
    path("consent-forms/<int:clinic_id>/", views.template_manage, name="templates"),
]
