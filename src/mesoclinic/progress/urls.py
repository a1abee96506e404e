from django.urls import path

from mesoclinic.progress import views

app_name = "progress"
urlpatterns = [
    path("courses/<int:course_id>/progress/", views.progress_page, name="page"),
    path(
        "courses/<int:course_id>/non-responder-decisions/",
        views.decision_view,
        name="decide",
    ),
]
