"""Who may do what to an agenda record, each rule decided in one place and named ``may_*``
(as in ``continuum/rules.py``). Each takes the member's membership first and the record
after, so a call reads as a sentence: ``may_edit_input(membership, organization)``.

Views ask these before they show a form or accept a change; the role a view requires at
all (``@role_required``) comes first and these narrow it down to the record.
"""

from __future__ import annotations

from django.db.models import QuerySet

from ecosystem.models import Membership, Organization

from .models import PlanTask


def may_edit_input(membership: Membership, organization: Organization) -> bool:
    """An organization's input is written by its own contributors, and by editors and up."""
    if membership.can_edit:
        return True
    return membership.can_contribute and membership.organization_id == organization.pk


def may_change_status(membership: Membership, task: PlanTask) -> bool:
    """Editors and up change any task's status; a contributor only the tasks they own."""
    if membership.can_edit:
        return True
    return membership.can_contribute and task.owner_id == membership.user_id


def may_sign_for(membership: Membership) -> QuerySet[Organization]:
    """The organizations this member may sign on to an agenda for. Coordinators may record
    any organization's sign-on; contributors and editors sign for the organization they
    speak for; viewers for none."""
    organizations = Organization.objects.for_ecosystem(membership.ecosystem)
    if membership.is_coordinator:
        return organizations
    if membership.can_contribute and membership.organization_id:
        return organizations.filter(pk=membership.organization_id)
    return organizations.none()
