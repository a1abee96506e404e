from django.urls import path

from mesoclinic.clinics import invitation_views, views

app_name = "clinics"
urlpatterns = [
    path("", views.clinic_index, name="index"),
    path("invitations/", invitation_views.invitations, name="invitations"),
    path(
        "invitations/<int:invitation_id>/accept/",
        invitation_views.invitation_answer_accept,
        name="invitation_accept",
    ),
    path(
        "invitations/<int:invitation_id>/decline/",
        invitation_views.invitation_answer_decline,
        name="invitation_decline",
    ),
    path("<int:clinic_id>/", views.clinic_settings, name="settings"),
    path("<int:clinic_id>/hours/", views.opening_hours, name="hours"),
    path("<int:clinic_id>/closures/", views.closures, name="closures"),
    path(
        "<int:clinic_id>/closures/<int:closure_id>/remove/",
        views.closure_delete,
        name="closure_remove",
    ),
    path("<int:clinic_id>/rooms/", views.rooms, name="rooms"),
    path("<int:clinic_id>/rooms/<int:room_id>/", views.room_edit, name="room"),
    path("<int:clinic_id>/staff/", views.staff, name="staff"),
    path("<int:clinic_id>/staff/new/", views.staff_new, name="staff_new"),
    path("<int:clinic_id>/staff/existing/", views.staff_existing, name="staff_existing"),
    path("<int:clinic_id>/staff/<int:membership_id>/", views.member, name="member"),
    path(
        "<int:clinic_id>/staff/<int:membership_id>/deactivate-account/",
        views.member_deactivate_account,
        name="member_deactivate_account",
    ),
]
