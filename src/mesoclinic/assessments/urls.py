from django.urls import path

from mesoclinic.assessments import reassessment_views, views

app_name = "assessments"
urlpatterns = [
    path("patients/<int:patient_id>/assessments/", views.assessment_list, name="list"),
    path("patients/<int:patient_id>/assessments/new/", views.assessment_new, name="new"),
    path("assessments/<int:assessment_id>/", views.assessment_detail, name="detail"),
    path(
        "courses/<int:course_id>/reassess/",
        reassessment_views.reassessment_new,
        name="reassess",
    ),
    path("assessments/<int:assessment_id>/edit/", views.assessment_edit, name="edit"),
    path("assessments/<int:assessment_id>/sign/", views.assessment_sign_view, name="sign"),
    path("assessments/<int:assessment_id>/amend/", views.assessment_amend_view, name="amend"),
    path(
        "assessments/<int:assessment_id>/entered-in-error/",
        views.assessment_entered_in_error,
        name="entered_in_error",
    ),
    path("assessments/<int:assessment_id>/photos/", views.photo_upload, name="photo_upload"),
    path("photos/<int:photo_id>/", views.photo_image, name="photo"),
    path("photos/<int:photo_id>/thumbnail/", views.photo_thumbnail, name="photo_thumbnail"),
    path(
        "photos/<int:photo_id>/entered-in-error/",
        views.photo_entered_in_error,
        name="photo_entered_in_error",
    ),
]
