from django.urls import path

from mesoclinic.courses import views

app_name = "courses"
urlpatterns = [
    path("patients/<int:patient_id>/courses/", views.course_list, name="list"),
    path("patients/<int:patient_id>/courses/new/", views.course_new, name="new"),
    path("courses/<int:course_id>/", views.course_detail, name="detail"),
    path("courses/<int:course_id>/start/", views.course_start_view, name="start"),
    path("courses/<int:course_id>/stop/", views.course_stop_view, name="stop"),
    path("courses/<int:course_id>/complete/", views.course_complete_view, name="complete"),
    path("courses/<int:course_id>/changes/", views.course_change_view, name="change"),
    path("courses/<int:course_id>/blocks/", views.course_block_view, name="block"),
]
