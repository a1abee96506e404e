from django.urls import path

from mesoclinic.adverse_events import patient_report_views, views

app_name = "adverse_events"
urlpatterns = [
    path("patients/<int:patient_id>/adverse-events/", views.event_list, name="list"),
    path("patients/<int:patient_id>/adverse-events/new/", views.event_new, name="new"),
    path("adverse-events/<int:event_id>/", views.event_detail, name="detail"),
    path("adverse-events/<int:event_id>/follow-ups/", views.follow_up_new, name="follow_up"),
    path("adverse-events/<int:event_id>/resolve/", views.event_resolve, name="resolve"),
    path("adverse-events/<int:event_id>/review/", views.event_review, name="review"),
    path("adverse-events/<int:event_id>/amend/", views.event_amend, name="amend"),
    path(
        "adverse-events/<int:event_id>/report-review/",
        patient_report_views.report_review,
        name="report_review",
    ),
    path(
        "adverse-event-photos/<int:photo_id>/",
        patient_report_views.event_photo,
        name="photo",
    ),
    path(
        "adverse-event-photos/<int:photo_id>/thumbnail/",
        patient_report_views.event_photo_thumbnail,
        name="photo_thumbnail",
    ),
    path(
        "adverse-events/<int:event_id>/entered-in-error/",
        views.event_entered_in_error,
        name="entered_in_error",
    ),
    path(
        "clinics/<int:clinic_id>/adverse-events/follow-up/",
        views.clinic_follow_up,
        name="follow_up_list",
    ),
    path(
        "clinics/<int:clinic_id>/adverse-events/serious/",
        views.clinic_serious,
        name="serious",
    ),
]
