"""Signing in, one's own account, and accepting an invitation."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import JoinForm, ProfileForm
from ..models import Invitation, User


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=copy(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your name was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


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
        membership = services.accept_invitation(
            invitation, user=user, full_name=full_name, password=password
        )
    except services.MembershipError as error:
        messages.error(request, str(error))
        return redirect("root")
    if user is None:
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request,
        _("Welcome to %(ecosystem)s. You joined as %(role)s.")
        % {"ecosystem": membership.ecosystem, "role": membership.get_role_display().lower()},
    )
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
