"""The patient's account pages: set a password from the invitation, sign in with an emailed
link, and her account (her address, a new password).

An emailed link opens a page with a button; only the button's POST spends it. Mail
scanners follow links in emails: a GET that signed her in would spend the link before she
clicked it.
"""

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mesoclinic.pages.form_errors import apply_errors
from mesoclinic.patients.models import Patient
from mesoclinic.portal.access import portal_account, portal_actor, portal_read, portal_view
from mesoclinic.portal.accounts.forms import ChangePasswordForm, SetPasswordForm, SignInLinkForm
from mesoclinic.portal.accounts.services import account_change_password, account_set_password
from mesoclinic.portal.accounts.sign_in import TooManyAsks, sign_in_link_ask, sign_in_link_use
from mesoclinic.portal.link_pages import link_refused_response
from mesoclinic.portal.links import LinkRefused, link_peek
from mesoclinic.portal.models import LinkPurpose, PatientAccount

# Set on a session signed in with an emailed link: she may then choose a new password
# without the current one (she asked for the link because she forgot it).
SIGNED_IN_BY_LINK = "portal_signed_in_by_link"

# Django's own backend name for her user: `login` needs to know which one vouched for her.
PATIENT_BACKEND = "mesoclinic.portal.backends.PatientEmailBackend"


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _sign_in(request: HttpRequest, account: PatientAccount) -> None:
    login(request, account.user, backend=PATIENT_BACKEND)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest, secret: str) -> HttpResponse:
    """From the invitation: she chooses a password and is signed in."""
    try:
        link = link_peek(purpose=LinkPurpose.SET_PASSWORD, secret=secret)
    except LinkRefused as refused:
        return link_refused_response(
            request, refused, purpose=LinkPurpose.SET_PASSWORD, secret=secret
        )
    clinic = link.patient.clinic
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = account_set_password(
                secret=secret, password=form.cleaned_data["password"], ip=_ip(request)
            )
        except LinkRefused as refused:
            return link_refused_response(
                request, refused, purpose=LinkPurpose.SET_PASSWORD, secret=secret
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            _sign_in(request, account)
            messages.success(request, "Your password is set. You are signed in.")
            return redirect("portal:home")
    return render(request, "portal/account/welcome.html", {"form": form, "clinic": clinic})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_link_request(request: HttpRequest) -> HttpResponse:
    """She asks for a sign-in link. The answer never says whether the address has an
    account."""
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sign_in_link_ask(email=form.cleaned_data["email"], ip=_ip(request))
        except TooManyAsks as refused:
            form.add_error("email", refused.message)
        else:
            return render(request, "portal/account/link_sent.html", {})
    return render(request, "portal/account/sign_in_link.html", {"form": form})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_link(request: HttpRequest, secret: str) -> HttpResponse:
    """The emailed link: a button that signs her in, once."""
    try:
        if request.method == "POST":
            account = sign_in_link_use(secret=secret)
            _sign_in(request, account)
            request.session[SIGNED_IN_BY_LINK] = True
            return redirect("portal:home")
        link = link_peek(purpose=LinkPurpose.SIGN_IN, secret=secret)
    except LinkRefused as refused:
        return link_refused_response(request, refused, purpose=LinkPurpose.SIGN_IN, secret=secret)
    return render(request, "portal/account/sign_in_with_link.html", {"clinic": link.patient.clinic})


@never_cache
@require_http_methods(["GET", "POST"])
@portal_view
def account(request: HttpRequest, patient: Patient) -> HttpResponse:
    """Her account: the address she signs in with, and a new password."""
    mine = portal_account(request)
    portal_read(request, "portal account")
    by_link = bool(request.session.get(SIGNED_IN_BY_LINK))
    form = ChangePasswordForm(request.POST or None, need_current=not by_link)
    if request.method == "POST" and form.is_valid():
        try:
            account_change_password(
                actor=portal_actor(request),
                account=mine,
                current=None if by_link else form.cleaned_data["current_password"],
                new=form.cleaned_data["new_password"],
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            update_session_auth_hash(request, mine.user)  # other sessions end, this one stays
            request.session.pop(SIGNED_IN_BY_LINK, None)
            messages.success(request, "Your password is changed.")
            return redirect("portal:account")
    context = {"patient": patient, "clinic": patient.clinic, "account": mine, "form": form}
    return render(request, "portal/account/account.html", context)
