"""Who may do what with the overview's records, as ``may_*`` questions asked of a
membership: the views ask them, and the pages ask them to decide what to offer."""

from __future__ import annotations

from ecosystem.models import Membership, ReportJob, Role


def may_request(membership: Membership, kind: str) -> bool:
    """Whether the member may ask for (or ask again for) a document of this kind. Every
    member may print the blank kit, since board members run workshops too; the
    coordinator's report is for editors and up."""
    if kind == ReportJob.Kind.REPORT:
        return membership.has_role(Role.EDITOR)
    return True
