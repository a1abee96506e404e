from django.contrib.auth import views as auth_views
from django.urls import path

from mesoclinic.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("today/<int:clinic_id>/", views.today, name="today"),
    path("protocol/", views.protocol, name="protocol"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("reports/", views.reports, name="reports"),
    path("healthz", views.healthz, name="healthz"),
]
