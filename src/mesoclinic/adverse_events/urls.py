from django.urls import URLPattern

app_name = "adverse_events"
urlpatterns: list[URLPattern] = []
