from __future__ import annotations

from typing import Any, cast

import django_filters
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import newcomers
from .concurrency import VersionedModelForm
from .models import Ecosystem, Membership, Organization, Role, User, normalize_email
from .validators import single_line, validate_single_line


class NormalizedEmailField(forms.EmailField):
    """An email address in its one spelling (``normalize_email``) before it is checked,
    so an address typed in full-width letters is read as the plain one rather than
    refused or kept apart."""

    def to_python(self, value: Any) -> str:
        return normalize_email(super().to_python(value) or "")


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's, finding the account by the address in its one spelling. Django's own
    lookup is a case-insensitive match in the database, which misses an address typed
    with a full-width letter; the mail still goes to the address stored on the account."""

    email = NormalizedEmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        validators=[validate_single_line],
    )

    def get_users(self, email: str) -> Any:
        active = User._default_manager.filter(email=normalize_email(email), is_active=True)
        return (user for user in active if user.has_usable_password())


class SignInForm(auth_forms.AuthenticationForm):
    """Django's sign-in form, labelled for an email address."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )
        self.error_messages["invalid_login"] = _(
            "That email address and password do not match an account. Both are checked "
            "exactly; the password is case-sensitive."
        )


class OrganizationForm(VersionedModelForm):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("For example www.library.org; we add https:// if it is missing."),
        validators=[validate_single_line],
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "kind",
            "city",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "notes": _("Anything the ecosystem should know about this organization."),
        }

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ecosystem = ecosystem
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("Choose a kind")),
            *Organization.grouped_kind_choices(),
        ]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        duplicates = Organization.objects.for_ecosystem(self.ecosystem).filter(name__iexact=name)
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(
                _("%(name)s is already in this ecosystem. Choose another name, or edit that one."),
                params={"name": name},
                code="duplicate",
            )
        return name

    def save(self, commit: bool = True) -> Organization:
        self.instance.ecosystem = self.ecosystem
        organization: Organization = super().save(commit)
        return organization


class SearchField(forms.CharField):
    """A search box. Its term is never stored nor sent anywhere, so rather than refuse a
    pasted tab or line break (or any control character), it reads it as a space."""

    def to_python(self, value: Any) -> str:
        return single_line(super().to_python(value) or "")


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class SearchFilterSet(django_filters.FilterSet):
    """A list filter with a free-text search box that calls the queryset's ``search()``."""

    q = SearchFilter(label=_("Search"), method="search")

    def search(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.search(value)


def select(**attrs: str) -> forms.Select:
    return forms.Select(attrs={"class": "form-select", **attrs})


def date_input() -> forms.DateInput:
    """The browser's own date picker. Its value must be ISO whatever the language, or the
    picker shows an empty field."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganizationFilter(SearchFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        empty_label=_("All kinds"),
        choices=Organization.grouped_kind_choices,
        widget=select(),
    )
    search_hint = _("Name, town, contact…")

    class Meta:
        model = Organization
        fields = ["q", "kind"]


class MemberFilter(SearchFilterSet):
    role = django_filters.ChoiceFilter(
        label=_("Role"), empty_label=_("All roles"), choices=Role.choices, widget=select()
    )
    search_hint = _("Name, email, organization…")

    class Meta:
        model = Membership
        fields = ["q", "role"]


def role_choices() -> list[tuple[int, str]]:
    # A callable, so the labels are translated when a form is shown, not at import.
    return [(role.value, f"{role.label} — {role.description}") for role in Role]


class RoleChoiceField(forms.TypedChoiceField):
    """A radio list of roles, each with what it allows."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=role_choices,
            coerce=int,
            widget=forms.RadioSelect,
            label=_("Role"),
            **kwargs,
        )


class OrganizationChoiceMixin:
    """Restricts the "organization represented" choice to the ecosystem's own."""

    fields: dict[str, forms.Field]

    def limit_organizations(self, ecosystem: Ecosystem) -> None:
        field = self.fields["organization"]
        field.queryset = Organization.objects.for_ecosystem(ecosystem)  # type: ignore[attr-defined]
        field.required = False
        field.empty_label = _("None")  # type: ignore[attr-defined]
        field.help_text = _("The organization this person speaks for, if any.")


class InvitationForm(OrganizationChoiceMixin, forms.Form):
    email = NormalizedEmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("We send the invitation link to this address."),
        validators=[validate_single_line],
    )
    role = RoleChoiceField(initial=Role.CONTRIBUTOR)
    organization = forms.ModelChoiceField(
        label=_("Organization represented"), queryset=Organization.objects.none()
    )
    join_open_rounds = forms.BooleanField(
        label=_("Also invite them to answer the open Continuum rounds"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_organizations(ecosystem)
        titles = newcomers.open_round_titles(ecosystem)
        if not titles:
            # Nothing to choose; the invitation keeps the default, so a round opened
            # before they accept still includes them.
            del self.fields["join_open_rounds"]
            return
        named = ", ".join(f"“{title}”" for title in titles)
        # Crispy shows help text unescaped, and round titles are typed by people.
        self.fields["join_open_rounds"].help_text = escape(
            ngettext(
                "Open now: %(titles)s. They are added when they accept, to this round and "
                "to any other opened by then. Viewers only read, so a viewer is not added.",
                "Open now: %(titles)s. They are added when they accept, to these rounds and "
                "to any other opened by then. Viewers only read, so a viewer is not added.",
                len(titles),
            )
            % {"titles": named}
        )


class MembershipForm(OrganizationChoiceMixin, forms.ModelForm[Membership]):
    role = RoleChoiceField()

    class Meta:
        model = Membership
        fields = ["role", "organization"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_organizations(self.instance.ecosystem)


class EcosystemSettingsForm(VersionedModelForm):
    class Meta:
        model = Ecosystem
        fields = ["name", "level", "region", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "description": _("Shown on the ecosystem's home page and on printed reports."),
        }


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["full_name"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}


class JoinForm(forms.Form):
    """Sets up the account of someone accepting an invitation."""

    full_name = forms.CharField(
        label=_("Your full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[validate_single_line],
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password2(self) -> str:
        password1 = self.cleaned_data.get("password1")
        password2: str = self.cleaned_data["password2"]
        if password1 and password1 != password2:
            raise forms.ValidationError(_("The two passwords differ. Type the same one twice."))
        return password2

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password2")
        if password:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
