from django.urls import path

from mesoclinic.screening import views

app_name = "screening"
urlpatterns = [
    path("patients/<int:patient_id>/screening/", views.screening_list, name="list"),
    path("patients/<int:patient_id>/screening/new/", views.screening_new, name="new"),
    path("patients/<int:patient_id>/course-start/", views.course_start, name="course_start"),
    path("screening/<int:screening_id>/", views.screening_detail, name="detail"),
    path("screening/<int:screening_id>/amend/", views.screening_amend_view, name="amend"),
    path("screening/<int:screening_id>/sign-off/", views.screening_sign_off, name="sign_off"),
    path(
        "screening/<int:screening_id>/entered-in-error/",
        views.screening_entered_in_error,
        name="entered_in_error",
    ),
]
