from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_columns import CountedRelations, count_column
from .forms import NormalizedEmailField
from .models import (
    Ecosystem,
    Invitation,
    Membership,
    OnePager,
    Organization,
    SignInThrottle,
    User,
    UserSession,
)
from .models.reports import ONE_PAGER_PLACEHOLDERS
from .security import notices, sessions, twofactor
from .security.events import log_event


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")
        # Normalized before the uniqueness check, so a second spelling of an existing
        # address is refused as taken instead of failing in the database.
        field_classes = {"email": NormalizedEmailField}


class UserChangeFormByEmail(UserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"email": NormalizedEmailField}


class MembershipInline(admin.StackedInline[Membership, Any]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "ecosystem", "organization"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin[Any]):
    add_form = UserCreationForm
    form = UserChangeFormByEmail
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__ecosystem"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    actions = ["sign_out_everywhere", "turn_off_two_factor"]

    @admin.action(description=_("Sign out of every browser"))
    def sign_out_everywhere(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """For a stolen laptop or a person who left: every session ends on its next request."""
        for user in queryset:
            sessions.end_all_sessions(user)
            log_event(
                "sessions_ended", request=request, user=user, by_admin=request.user.get_username()
            )
        self.message_user(request, _("Every browser of the chosen people was signed out."))

    @admin.action(description=_("Turn off two-factor sign-in (a lost phone)"))
    def turn_off_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """After checking who is asking, by other means than their email alone."""
        for user in queryset:
            twofactor.remove_devices(user)
            log_event(
                "two_factor_disabled",
                request=request,
                user=user,
                by_admin=request.user.get_username(),
            )
            notices.send_notice(request, user, "two_factor_disabled_by_admin")
        self.message_user(
            request,
            _(
                "Two-factor sign-in is off for the chosen people. Where their role requires it, "
                "they set it up again when they next sign in."
            ),
        )


@admin.register(Ecosystem)
class EcosystemAdmin(CountedRelations, admin.ModelAdmin[Ecosystem]):
    list_display = ["name", "slug", "level", "region", "organization_count", "member_count"]
    list_filter = ["level"]
    search_fields = ["name", "slug", "region"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MembershipInline]
    counted = {"organization_count": "organizations", "member_count": "memberships"}
    organization_count = count_column("organization_count", _("organizations"))
    member_count = count_column("member_count", _("members"))


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "ecosystem", "city", "contact_name", "updated_at"]
    list_filter = ["kind", "ecosystem"]
    list_select_related = ["ecosystem"]
    search_fields = ["name", "city", "contact_name", "contact_email", "notes"]
    autocomplete_fields = ["ecosystem"]
    readonly_fields = ["created_at", "updated_at"]
    # Django 6 reads "www.x.org" as https://; say so now rather than warn.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "ecosystem", "role", "organization", "created_at"]
    list_filter = ["role", "ecosystem"]
    list_select_related = ["user", "ecosystem", "organization"]
    search_fields = ["user__email", "user__full_name", "ecosystem__name", "organization__name"]
    autocomplete_fields = ["user", "ecosystem", "organization"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = [
        "email",
        "ecosystem",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["role", "ecosystem", ("accepted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["ecosystem", "invited_by"]
    search_fields = ["email", "ecosystem__name"]
    # Links are sent from the members page, which emails the one-time token; the admin
    # only shows and withdraws invitations.
    readonly_fields = [
        "ecosystem",
        "email",
        "role",
        "organization",
        "join_open_rounds",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
    ]
    exclude = ["token_hash"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


# --- Sign-in security --------------------------------------------------------------------------


@admin.register(SignInThrottle)
class SignInThrottleAdmin(admin.ModelAdmin[SignInThrottle]):
    """Accounts whose sign-ins failed many times from anywhere. Deleting a row lifts its
    pause (a password reset does the same)."""

    list_display = ["email", "failures", "last_failure_at", "paused_until"]
    search_fields = ["email"]
    readonly_fields = ["email", "failures", "last_failure_at", "paused_until"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin[UserSession]):
    """Who is signed in where. To sign someone out, use the people list's action."""

    list_display = ["user", "ip_address", "user_agent", "created_at", "last_seen_at"]
    list_select_related = ["user"]
    search_fields = ["user__email", "ip_address"]
    readonly_fields = ["user", "ip_address", "user_agent", "created_at", "last_seen_at"]
    exclude = ["token"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Promotional one-pagers ------------------------------------------------------------------


@admin.register(OnePager)
class OnePagerAdmin(admin.ModelAdmin[OnePager]):
    """The two handouts' wording. There are exactly two (installed by a migration): they
    can be edited, never deleted, and added back only if one went missing."""

    list_display = ["title", "slug", "tagline", "updated_at"]
    fields = ["slug", "title", "tagline", "body", "placeholder_list", "updated_at"]
    readonly_fields = ["placeholder_list", "updated_at"]

    @admin.display(description=_("placeholders"))
    def placeholder_list(self, obj: OnePager | None = None) -> str:
        return format_html(
            "<p>{}</p><dl>{}</dl>",
            _("Type a placeholder, braces included, and the ecosystem's own figure replaces it:"),
            format_html_join(
                "", "<dt><code>{{{}}}</code></dt><dd>{}</dd>", ONE_PAGER_PLACEHOLDERS.items()
            ),
        )

    def get_readonly_fields(self, request: HttpRequest, obj: OnePager | None = None) -> list[str]:
        # Which handout a text belongs to is chosen once, when it is added.
        return [*self.readonly_fields, "slug"] if obj else list(self.readonly_fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        present = OnePager.objects.count()
        return present < len(OnePager.Name) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: OnePager | None = None) -> bool:
        return False
