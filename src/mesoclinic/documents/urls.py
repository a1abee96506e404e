from django.urls import path

from mesoclinic.documents import views

app_name = "documents"
urlpatterns = [
    path("courses/<int:course_id>/plan.pdf", views.plan_pdf, name="plan"),
    path("courses/<int:course_id>/progress-report.pdf", views.progress_pdf, name="progress"),
    path("sessions/<int:session_id>/aftercare.pdf", views.aftercare_pdf, name="aftercare"),
    path("patients/<int:patient_id>/documents/", views.patient_document_list, name="patient"),
    path("documents/<slug:kind>/<int:record_id>/share/", views.share, name="share"),
    path("shared-documents/<int:share_id>/stop/", views.unshare, name="unshare"),
]
