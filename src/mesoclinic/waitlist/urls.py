from django.urls import path

from mesoclinic.waitlist import views

app_name = "waitlist"
urlpatterns = [
    path("waitlist/", views.home, name="home"),
    path("clinics/<int:clinic_id>/waitlist/", views.board, name="board"),
    path("waitlist/new/", views.new, name="new"),
    path("waitlist/entries/<int:entry_id>/withdraw/", views.withdraw, name="withdraw"),
    path("waitlist/openings/<int:opening_id>/offer/", views.offer, name="offer"),
]
