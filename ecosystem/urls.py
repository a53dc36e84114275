"""Every URL of the app. Ecosystem pages live under /e/<ecosystem_slug>/ (see access.py)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from .forms import PasswordResetForm, SignInForm
from .overview.views import dashboard, onepagers, reports
from .views import accounts, ecosystems, members, notifications, organizations, security

account_patterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="emails/password_reset.txt",
            subject_template_name="emails/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete"),
            post_reset_login=True,
            post_reset_login_backend="django.contrib.auth.backends.ModelBackend",
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/",
        accounts.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("profile/", accounts.profile, name="profile"),
    path("sessions/end-others/", security.sessions_end_others, name="sessions_end_others"),
    path("two-factor/", security.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", security.two_factor_setup, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        security.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("two-factor/turn-off/", security.two_factor_disable, name="two_factor_disable"),
    path("invitations/<str:token>/", accounts.invitation_accept, name="invitation_accept"),
]

ecosystem_patterns = [
    path("", dashboard.home, name="home"),
    path("settings/", ecosystems.ecosystem_settings, name="settings"),
    path(
        "notifications/",
        notifications.notification_settings,
        name="notification_settings",
    ),
    path("organizations/", organizations.organization_list, name="organization_list"),
    path("organizations/export.csv", organizations.organization_export, name="organization_export"),
    path(
        "organizations/roster.pdf",
        organizations.organization_roster_pdf,
        name="organization_roster_pdf",
    ),
    path("organizations/new/", organizations.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", organizations.organization_detail, name="organization_detail"),
    path(
        "organizations/<int:pk>/edit/",
        organizations.organization_update,
        name="organization_update",
    ),
    path(
        "organizations/<int:pk>/delete/",
        organizations.organization_delete,
        name="organization_delete",
    ),
    path("members/", members.member_list, name="member_list"),
    path("members/export.csv", members.member_export, name="member_export"),
    path("members/invite/", members.member_invite, name="member_invite"),
    path("members/<int:pk>/edit/", members.member_update, name="member_update"),
    path("members/<int:pk>/remove/", members.member_remove, name="member_remove"),
    path("invitations/<int:pk>/resend/", members.invitation_resend, name="invitation_resend"),
    path("invitations/<int:pk>/withdraw/", members.invitation_revoke, name="invitation_revoke"),
    # Printed reports: the long ones are rendered by the background worker.
    path("reports/", reports.report_index, name="reports"),
    path("reports/kit/", reports.kit_create, name="kit_create"),
    path("reports/report/", reports.report_create, name="report_create"),
    path("reports/jobs/<int:pk>/", reports.report_job, name="report_job"),
    path("reports/jobs/<int:pk>/retry/", reports.report_job_retry, name="report_job_retry"),
    path("reports/jobs/<int:pk>/file.pdf", reports.report_job_download, name="report_job_download"),
    path("reports/one-pagers/<slug:slug>.pdf", onepagers.onepager_pdf, name="onepager_pdf"),
]

urlpatterns = [
    path("", ecosystems.root, name="root"),
    path("accounts/", include((account_patterns, "accounts"))),
    path("ecosystems/", ecosystems.choose, name="ecosystem_choose"),
    path(
        "notifications/unsubscribe/<str:token>/",
        notifications.unsubscribe,
        name="notifications_unsubscribe",
    ),
    path("e/<slug:ecosystem_slug>/", include((ecosystem_patterns, "ecosystem"))),
    path("e/<slug:ecosystem_slug>/continuum/", include("continuum.urls")),
    path("e/<slug:ecosystem_slug>/agendas/", include("agendas.urls")),
    path("e/<slug:ecosystem_slug>/partners/", include("partners.urls")),
    path("feeds/", include("agendas.urls.public")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = _("Library Ecosystem Workbench")
admin.site.site_title = _("Workbench admin")
admin.site.index_title = _("Toolkit content and records")
