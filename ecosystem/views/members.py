"""Members, their roles, and invitations. Everyone sees the list; coordinators manage it."""

from __future__ import annotations

from collections.abc import Callable
from copy import copy

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..access import EcosystemRequest, role_required
from ..crumbs import Crumb, trail
from ..downloads import csv_response, dated_filename
from ..forms import InvitationForm, MemberFilter, MembershipForm
from ..lists import page_of, render_list
from ..models import Invitation, Membership, Role
from ..models.memberships import MembershipQuerySet

PAGE_SIZE = 50


def _members(request: EcosystemRequest) -> MembershipQuerySet:
    return Membership.objects.for_ecosystem(request.ecosystem).select_related(
        "user", "organization"
    )


def _filtered(request: EcosystemRequest) -> MemberFilter:
    return MemberFilter(request.GET, queryset=_members(request))


def _crumbs(request: EcosystemRequest, current: str) -> list[Crumb]:
    to_list = reverse("ecosystem:member_list", args=[request.ecosystem.slug])
    return trail((_("Members"), to_list), current=current)


def _to_member_list(request: EcosystemRequest) -> HttpResponse:
    return redirect("ecosystem:member_list", ecosystem_slug=request.ecosystem.slug)


def member_list(request: EcosystemRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = page_of(request, filterset.qs, PAGE_SIZE)
    invitations = None
    if request.membership.is_coordinator:
        invitations = (
            Invitation.objects.for_ecosystem(request.ecosystem)
            .pending()
            .select_related("organization", "invited_by")
        )
    return render_list(
        request,
        "ecosystem/members/list.html",
        {"filter": filterset, "page": page, "invitations": invitations},
    )


def member_export(request: EcosystemRequest) -> HttpResponseBase:
    header = [_("Name"), _("Email address"), _("Role"), _("Organization represented"), _("Joined")]
    rows = (
        [
            member.user.full_name,
            member.user.email,
            member.get_role_display(),
            member.organization.name if member.organization else "",
            member.created_at.date().isoformat(),
        ]
        for member in _filtered(request).qs.iterator(chunk_size=500)
    )
    filename = dated_filename(request.ecosystem.slug, "members", extension="csv")
    return csv_response(filename, header, rows)


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def member_invite(request: EcosystemRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None, ecosystem=request.ecosystem)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite(
                request.ecosystem,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                organization=form.cleaned_data["organization"],
                invited_by=request.user,
                link_for=_link_maker(request),
                # Absent when no round is open: then the default holds (see the form).
                join_open_rounds=form.cleaned_data.get("join_open_rounds", True),
            )
        except services.AlreadyMemberError as error:
            form.add_error("email", str(error))
        except services.InvitationNotSentError as error:
            form.add_error(None, str(error))  # above the form, which keeps what was typed
        else:
            messages.success(
                request,
                _("We sent an invitation to %(email)s. The link works for %(days)s days.")
                % {"email": invitation.email, "days": settings.INVITATION_VALID_DAYS},
            )
            return _to_member_list(request)
    context = {"form": form, "crumbs": _crumbs(request, _("Invite"))}
    return render(request, "ecosystem/members/invite.html", context)


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def member_update(request: EcosystemRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(_members(request), pk=pk)
    # The form edits a copy: the page keeps showing the saved role if saving is refused.
    form = MembershipForm(request.POST or None, instance=copy(member))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_membership(
                member,
                role=form.cleaned_data["role"],
                organization=form.cleaned_data["organization"],
            )
        except services.LastCoordinatorError as error:
            form.add_error("role", str(error))
        else:
            messages.success(
                request, _("%(name)s's membership was updated.") % {"name": member.user}
            )
            return _to_member_list(request)
    context = {
        "form": form,
        "member": member,
        "crumbs": _crumbs(request, member.user.get_full_name()),
    }
    return render(request, "ecosystem/members/update.html", context)


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def member_remove(request: EcosystemRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(_members(request), pk=pk)
    error = None
    if request.method == "GET" and services.is_last_coordinator(member):
        error = str(services.LastCoordinatorError())  # say so before they try
    elif request.method == "POST":
        try:
            services.remove_membership(member)
        except services.LastCoordinatorError as refusal:
            error = str(refusal)
        else:
            if member.user_id == request.user.pk:
                messages.success(
                    request, _("You left %(ecosystem)s.") % {"ecosystem": request.ecosystem}
                )
                return redirect("ecosystem_choose")
            messages.success(
                request,
                _("%(name)s is no longer a member of %(ecosystem)s.")
                % {"name": member.user, "ecosystem": request.ecosystem},
            )
            return _to_member_list(request)
    return render(
        request,
        "ecosystem/members/remove.html",
        {"member": member, "error": error},
        status=409 if error and request.method == "POST" else 200,
    )


@role_required(Role.COORDINATOR)
@require_POST
def invitation_resend(request: EcosystemRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation.objects.for_ecosystem(request.ecosystem).pending(), pk=pk
    )
    try:
        services.renew_invitation(invitation, link_for=_link_maker(request))
    except services.InvitationNotSentError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("We sent a new link to %(email)s; the earlier link no longer works.")
            % {"email": invitation.email},
        )
    return _to_member_list(request)


@role_required(Role.COORDINATOR)
@require_POST
def invitation_revoke(request: EcosystemRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation.objects.for_ecosystem(request.ecosystem).pending(), pk=pk
    )
    invitation.delete()
    messages.success(
        request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
    )
    return _to_member_list(request)


def _link_maker(request: EcosystemRequest) -> Callable[[str], str]:
    """Makes an invitation's full link from its token, for the email."""

    def link_for(token: str) -> str:
        return request.build_absolute_uri(reverse("accounts:invitation_accept", args=[token]))

    return link_for
