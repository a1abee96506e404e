from django.contrib.auth.decorators import login_not_required
from django.urls import path

from mesoclinic.portal import views
from mesoclinic.portal.accounts import views as accounts_views
from mesoclinic.portal.booking import views as course_views
from mesoclinic.portal.documents import views as documents
from mesoclinic.portal.intake import views as intake_views
from mesoclinic.portal.reminders import views as confirm_views
from mesoclinic.portal.side_effects import views as side_effects_views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", login_not_required(views.SignInView.as_view()), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("sign-in/link/", accounts_views.sign_in_link_request, name="sign_in_link_request"),
    path("sign-in/link/<str:secret>/", accounts_views.sign_in_link, name="sign_in_link"),
    path("welcome/<str:secret>/", accounts_views.welcome, name="welcome"),
    path("account/", accounts_views.account, name="account"),
    path("documents/", documents.document_list, name="documents"),
    path("documents/<int:share_id>.pdf", documents.document_pdf, name="document"),
    path("l/confirm/<str:secret>/", confirm_views.link_confirm, name="link_confirm"),
    path("l/cancel/<str:secret>/", confirm_views.link_cancel, name="link_cancel"),
    path("appointments/<int:appointment_id>/confirm/", confirm_views.confirm, name="confirm"),
    path("courses/<int:course_id>/", course_views.course_page, name="course"),
    path("courses/<int:course_id>/book/", course_views.book_page, name="book"),
    path("appointments/<int:appointment_id>/move/", course_views.move_page, name="move"),
    path("appointments/<int:appointment_id>/cancel/", course_views.cancel_page, name="cancel"),
    path("health-questions/", intake_views.health_questions, name="health_questions"),
    path("consent/", intake_views.consent, name="consent"),
    path("side-effects/", side_effects_views.side_effect_list, name="side_effects"),
    path("side-effects/new/", side_effects_views.side_effect_new, name="side_effect_new"),
    path("side-effects/<int:event_id>/", side_effects_views.side_effect_detail, name="side_effect"),
    path(
        "side-effects/photos/<int:photo_id>/",
        side_effects_views.side_effect_photo,
        name="side_effect_photo",
    ),
]
