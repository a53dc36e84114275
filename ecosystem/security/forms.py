"""The forms of two-factor sign-in and of signing out other browsers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import User
from ..validators import validate_single_line
from .twofactor import check_code


class CodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Code"))
        super().__init__(
            max_length=64,
            validators=[validate_single_line],
            widget=forms.TextInput(
                attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "autofocus": True}
            ),
            **kwargs,
        )


def _wait_message(seconds: int) -> str:
    return ngettext(
        "Too many wrong codes in a row. Wait %(count)s second and try again.",
        "Too many wrong codes in a row. Wait %(count)s seconds and try again.",
        seconds,
    ) % {"count": seconds}


class CheckedCodeMixin:
    """Checks ``code`` against the person's authenticator or recovery codes."""

    user: User
    device: Device | None = None

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]  # type: ignore[attr-defined]
        verdict = check_code(self.user, code)
        if verdict.wait:
            raise forms.ValidationError(_wait_message(verdict.wait), code="throttled")
        if verdict.device is None:
            raise forms.ValidationError(
                _(
                    "That code is not right. Codes change every 30 seconds: type the one your "
                    "app shows now, or one of your recovery codes."
                ),
                code="wrong",
            )
        self.device = verdict.device
        return code


class VerifyForm(CheckedCodeMixin, forms.Form):
    code = CodeField(
        help_text=_(
            "The six digits your authenticator app shows for this site. Lost your phone? "
            "Type one of your recovery codes instead."
        )
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user


class PasswordConfirmMixin:
    """Asks for the password again before a change to how someone signs in. Checked
    through ``authenticate``, so wrong guesses count towards the sign-in throttle."""

    user: User
    request: HttpRequest

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]  # type: ignore[attr-defined]
        checked = authenticate(self.request, username=self.user.email, password=password)
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password


def password_field() -> forms.CharField:
    return forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SetupForm(PasswordConfirmMixin, forms.Form):
    """The first code from a new authenticator (and the password, unless the person has
    just typed it to sign in)."""

    password = password_field()
    code = CodeField(
        label=_("The code your app shows"),
        help_text=_("Six digits. It proves the app is set up right before we rely on it."),
    )

    def __init__(
        self,
        *args: Any,
        request: HttpRequest,
        user: User,
        device: TOTPDevice,
        ask_password: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = user
        self.device = device
        if not ask_password:
            del self.fields["password"]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        digits = "".join(code.split())
        if not (digits.isdigit() and len(digits) == 6):
            raise forms.ValidationError(_("Type the six digits the app shows."), code="format")
        return digits


class DisableForm(PasswordConfirmMixin, CheckedCodeMixin, forms.Form):
    password = password_field()
    code = CodeField(help_text=_("From your authenticator app, or one of your recovery codes."))

    def __init__(self, *args: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = user


class NewRecoveryCodesForm(CheckedCodeMixin, forms.Form):
    code = CodeField(help_text=_("From your authenticator app, or one of your recovery codes."))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user


class EndSessionsForm(PasswordConfirmMixin, forms.Form):
    # Prefixed: it shares the account page with the name form.
    prefix = "sessions"
    password = password_field()

    def __init__(self, *args: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = user
