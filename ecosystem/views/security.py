"""Two-factor sign-in and signed-in browsers, from the person's own account pages."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ..access import AuthenticatedRequest
from ..security import notices, sessions, twofactor
from ..security.events import log_event
from ..security.forms import (
    DisableForm,
    EndSessionsForm,
    NewRecoveryCodesForm,
    SetupForm,
    VerifyForm,
)
from ..security.policy import PENDING, apply_policy, required_for
from .accounts import profile_context

# Someone who typed their password this recently is not asked for it again.
RECENT_SIGN_IN = 10 * 60  # seconds


def _posted(request: AuthenticatedRequest) -> Any:
    # Bound on every POST, even an empty one, so an empty form is told what is missing.
    return request.POST if request.method == "POST" else None


def _signed_in_recently(request: AuthenticatedRequest) -> bool:
    signed_in_at: float = request.session.get(sessions.SIGNED_IN_AT, 0)
    return time.time() - signed_in_at < RECENT_SIGN_IN


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user = request.user
    if not request.session.get(PENDING) or user.is_verified():  # type: ignore[attr-defined]
        return redirect(twofactor.next_url(request))
    if not twofactor.is_enabled(user) and twofactor.recovery_codes_left(user) == 0:
        # An administrator removed the authenticator meanwhile (a lost phone).
        apply_policy(request, user)
        return redirect(twofactor.next_url(request))
    form = VerifyForm(_posted(request), user=user)
    if request.method == "POST":
        if form.is_valid():
            assert form.device is not None
            twofactor.accept_code(request, user, form.device)
            return redirect(twofactor.next_url(request))
        log_event("two_factor_failed", request=request, user=user)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": twofactor.next_url(request)},
        status=200 if form.is_valid() or not form.is_bound else 422,
    )


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if twofactor.is_enabled(user):
        messages.info(request, _("Two-factor sign-in is already on for your account."))
        return redirect("accounts:profile")
    device = twofactor.new_authenticator(request, user)
    form = SetupForm(
        _posted(request),
        request=request,
        user=user,
        device=device,
        ask_password=not _signed_in_recently(request),
    )
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_authenticator(request, device, form.cleaned_data["code"])
        if codes is not None:
            notices.send_notice(request, user, "two_factor_enabled")
            messages.success(request, _("Two-factor sign-in is on."))
            return _show_recovery_codes(request, codes)
        form.add_error(
            "code",
            _(
                "That code is not the one the app shows now. Check that the app added this "
                "site, wait for a new code and type it."
            ),
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": twofactor.qr_code_data_uri(device),
            "secret": twofactor.secret_text(device),
            "required": required_for(user),
            # Passed through to the page after setup, checked there (next_url).
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


def _show_recovery_codes(request: AuthenticatedRequest, codes: list[str]) -> HttpResponse:
    # Shown once, in the answer to the form, and never stored as they are.
    response = render(
        request,
        "accounts/two_factor_codes.html",
        {"codes": codes, "next": twofactor.next_url(request, default="accounts:profile")},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def two_factor_recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    """A new set of recovery codes; the old ones stop working."""
    user = request.user
    if not twofactor.is_enabled(user):
        return redirect("accounts:two_factor_setup")
    form = NewRecoveryCodesForm(_posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.make_recovery_codes(user)
        log_event("recovery_codes_replaced", request=request, user=user)
        notices.send_notice(request, user, "recovery_codes_replaced")
        messages.success(request, _("Your old recovery codes no longer work."))
        return _show_recovery_codes(request, codes)
    return render(
        request,
        "accounts/two_factor_recovery.html",
        {"form": form, "left": twofactor.recovery_codes_left(user)},
        status=422 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def two_factor_disable(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not twofactor.is_enabled(user):
        return redirect("accounts:profile")
    form = DisableForm(_posted(request), request=request, user=user)
    if request.method == "POST" and form.is_valid():
        twofactor.turn_off(request, user)
        notices.send_notice(request, user, "two_factor_disabled")
        if required_for(user):
            messages.warning(
                request,
                _(
                    "Two-factor sign-in is off. Your role requires it, so set up your new "
                    "authenticator now."
                ),
            )
            return redirect("accounts:two_factor_setup")
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/two_factor_disable.html",
        {"form": form, "required": required_for(user)},
        status=422 if form.is_bound and form.errors else 200,
    )


@require_POST
def sessions_end_others(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = EndSessionsForm(request.POST, request=request, user=user)
    if not form.is_valid():
        context = profile_context(request, sessions_form=form)
        return render(request, "accounts/profile.html", context, status=422)
    ended = sessions.end_other_sessions(request, user)
    log_event("sessions_ended", request=request, user=user, count=ended)
    notices.send_notice(request, user, "sessions_ended")
    messages.success(
        request,
        ngettext(
            "You were signed out of %(count)s other browser. This one stays signed in.",
            "You were signed out of every other browser (%(count)s). This one stays signed in.",
            ended,
        )
        % {"count": ended},
    )
    return redirect("accounts:profile")
