"""Signing in, one's own account, and accepting an invitation."""

from __future__ import annotations

from copy import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from .. import services
from ..access import AuthenticatedRequest
from ..forms import JoinForm, ProfileForm
from ..models import Invitation, User, UserSession
from ..security import notices, sessions, throttle, twofactor
from ..security.events import log_event
from ..security.forms import EndSessionsForm
from ..security.policy import required_for


@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=copy(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your name was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", profile_context(request, form=form))


def profile_context(
    request: AuthenticatedRequest,
    *,
    form: ProfileForm | None = None,
    sessions_form: EndSessionsForm | None = None,
) -> dict[str, Any]:
    user = request.user
    return {
        "form": form or ProfileForm(instance=copy(user)),
        "two_factor_on": twofactor.is_enabled(user),
        "two_factor_required": required_for(user),
        "recovery_codes_left": twofactor.recovery_codes_left(user),
        "signed_in_sessions": list(UserSession.objects.filter(user=user).active()),
        "this_session": sessions.current_id(request),
        "sessions_form": sessions_form or EndSessionsForm(request=request, user=user),
    }


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's, plus: every other browser is signed out (Django's session hash changes
    with the password), the list of browsers says so, and any sign-in pause is lifted."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        ended = sessions.forget_other_sessions(self.request, user)
        throttle.lift(user.email)
        log_event("password_changed", request=self.request, user=user, sessions_ended=ended)
        notices.send_notice(self.request, user, "password_changed")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's, plus: a new password lifts any sign-in pause on the account (the owner
    has shown they read its mail) and ends every session signed in with the old one."""

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.user
        UserSession.objects.filter(user=user).delete()
        throttle.lift(user.email)
        log_event("password_reset", request=self.request, user=user)
        notices.send_notice(self.request, user, "password_reset")
        return super().form_valid(form)


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email.

    A newcomer sets their name and password and joins; someone with an account signs in
    first and then joins with one click.
    """
    invitation = services.find_invitation(token)
    if invitation is None:
        return _refuse(request, "invalid", status=404)
    if invitation.is_accepted:
        return _refuse(request, "used", invitation, status=410)
    if invitation.is_expired:
        return _refuse(request, "expired", invitation, status=410)

    user = request.user
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        if User.objects.filter(email=invitation.email).exists():
            return _render(request, "sign_in", invitation)
        return _join_as_newcomer(request, invitation)

    assert isinstance(user, User)
    if user.email != invitation.email:
        return _render(request, "wrong_account", invitation, status=403)
    if request.method == "POST":
        return _accept(request, invitation, user=user)
    return _render(request, "confirm", invitation)


def _join_as_newcomer(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = JoinForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        return _accept(
            request,
            invitation,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
    return _render(request, "join", invitation, form=form)


def _accept(
    request: HttpRequest,
    invitation: Invitation,
    *,
    user: User | None = None,
    full_name: str = "",
    password: str = "",
) -> HttpResponse:
    try:
        joined = services.accept_invitation(
            invitation, user=user, full_name=full_name, password=password
        )
    except services.MembershipError as error:
        messages.error(request, str(error))
        return redirect("root")
    membership = joined.membership
    if user is None:
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
    welcome = _("Welcome to %(ecosystem)s. You joined as %(role)s.") % {
        "ecosystem": membership.ecosystem,
        "role": membership.get_role_display().lower(),
    }
    if joined.rounds:
        # One message, so a screen reader announces the welcome and the rounds together.
        welcome += " " + ngettext(
            "You are also invited to answer the Continuum round %(titles)s: it is in your "
            "to-dos below.",
            "You are also invited to answer the Continuum rounds %(titles)s: they are in "
            "your to-dos below.",
            len(joined.rounds),
        ) % {"titles": ", ".join(f"“{title}”" for title in joined.rounds)}
    messages.success(request, welcome)
    return redirect(membership.ecosystem)


def _render(
    request: HttpRequest,
    state: str,
    invitation: Invitation,
    *,
    form: JoinForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "accounts/invitation.html",
        {"state": state, "invitation": invitation, "form": form},
        status=status,
    )


def _refuse(
    request: HttpRequest, state: str, invitation: Invitation | None = None, *, status: int
) -> HttpResponse:
    return render(
        request,
        "accounts/invitation_unusable.html",
        {"state": state, "invitation": invitation},
        status=status,
    )
