from django.urls import URLPattern

app_name = "appointments"
urlpatterns: list[URLPattern] = []
