from django.urls import path

from mesoclinic.waitlist import portal_views

app_name = "portal_waitlist"

urlpatterns = [
    path("", portal_views.mine, name="mine"),
    path("new/", portal_views.new, name="new"),
    path("<int:entry_id>/withdraw/", portal_views.withdraw, name="withdraw"),
    path("offers/<str:secret>/", portal_views.offer, name="offer"),
]
