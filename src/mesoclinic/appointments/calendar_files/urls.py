from django.urls import path

from mesoclinic.appointments.calendar_files import feeds

app_name = "feeds"
urlpatterns = [
    path("feeds/", feeds.feeds_page, name="list"),
    path("feeds/<int:feed_id>/revoke/", feeds.feed_revoke, name="revoke"),
    path("feed/<slug:token>.ics", feeds.feed, name="feed"),
    path("courses/<int:course_id>.ics", feeds.course_file, name="course"),
]
