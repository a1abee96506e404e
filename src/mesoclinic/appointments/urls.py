from django.urls import path

from mesoclinic.appointments import (
    appointment_views,
    repair_views,
    views,
)
from mesoclinic.appointments.booking import views as booking_views
from mesoclinic.appointments.optimiser import views as optimise_views

app_name = "appointments"
urlpatterns = [
    path("schedule/", views.schedule_home, name="home"),
    path("schedule/<int:clinic_id>/day/<str:day>/", views.schedule_day, name="day"),
    path("schedule/<int:clinic_id>/week/<str:day>/", views.schedule_week, name="week"),
    path("courses/<int:course_id>/booking/", booking_views.course_booking, name="course"),
    path(
        "schedule/absences/<int:absence_id>/repair/",
        repair_views.absence_repair,
        name="absence_repair",
    ),
    path("appointments/<int:appointment_id>/", appointment_views.appointment_detail, name="detail"),
    path(
        "appointments/<int:appointment_id>/cancel/",
        appointment_views.appointment_cancel_view,
        name="cancel",
    ),
    path(
        "appointments/<int:appointment_id>/check-in/",
        appointment_views.appointment_check_in_view,
        name="check_in",
    ),
    path(
        "appointments/<int:appointment_id>/move/",
        appointment_views.appointment_move_view,
        name="move",
    ),
    path(
        "appointments/<int:appointment_id>/replace/",
        appointment_views.appointment_replace_view,
        name="replace",
    ),
]
urlpatterns += [
    path("schedule/<int:clinic_id>/optimise/", optimise_views.optimise, name="optimise"),
    path(
        "schedule/<int:clinic_id>/optimise/<int:run_id>/",
        optimise_views.optimise_run,
        name="optimise_run",
    ),
    path(
        "schedule/<int:clinic_id>/optimise/<int:run_id>/progress/",
        optimise_views.optimise_progress,
        name="optimise_progress",
    ),
    path(
        "schedule/<int:clinic_id>/optimise/<int:run_id>/apply/",
        optimise_views.optimise_apply,
        name="optimise_apply",
    ),
]
