from django.urls import path

from mesoclinic.charting import views

app_name = "charting"
urlpatterns = [
    path("courses/<int:course_id>/chart/", views.chart_new, name="new"),
    path("sessions/<int:session_id>/", views.session_detail, name="detail"),
    path("sessions/<int:session_id>/amend/", views.session_amend_view, name="amend"),
    path("clinics/<int:clinic_id>/aftercare/", views.aftercare_edit, name="aftercare"),
    path("lots/<int:lot_id>/recall-report/", views.recall_report_page, name="recall_report"),
    path("lots/<int:lot_id>/recall-report.csv", views.recall_report_csv, name="recall_csv"),
]
