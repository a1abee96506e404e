from django.urls import path

from mesoclinic.assessments import photo_views
from mesoclinic.charting import views

app_name = "charting"
urlpatterns = [
    path("courses/<int:course_id>/chart/", views.chart_new, name="new"),
    path("sessions/<int:session_id>/", views.session_detail, name="detail"),
    path("sessions/<int:session_id>/amend/", views.session_amend_view, name="amend"),
    path(
        "sessions/<int:session_id>/entered-in-error/",
        views.session_entered_in_error,
        name="entered_in_error",
    ),
    path("sessions/<int:session_id>/photos/", views.session_photo_upload, name="photo_upload"),
    path("session-photos/<int:session_photo_id>/", views.session_photo, name="photo"),
    path(
        "session-photos/<int:session_photo_id>/thumbnail/",
        views.session_photo_thumbnail,
        name="photo_thumbnail",
    ),
    path(
        "session-photos/<int:session_photo_id>/consent/",
        photo_views.session_photo_consent,
        name="photo_consent",
    ),
    path("clinics/<int:clinic_id>/aftercare/", views.aftercare_edit, name="aftercare"),
    path("lots/<int:lot_id>/recall-report/", views.recall_report_page, name="recall_report"),
    path("lots/<int:lot_id>/recall-report.csv", views.recall_report_csv, name="recall_csv"),
]
