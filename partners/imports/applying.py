"""Pending imports: kept until the user confirms (all rows, or only the valid ones) or
cancels; confirming saves the partners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ecosystem.models import Ecosystem, User

from ..models import Partner, PartnerImport
from .checking import check_rows
from .reading import Table

STALE_AFTER = timedelta(days=1)


def create_import(ecosystem: Ecosystem, user: User, filename: str, table: Table) -> PartnerImport:
    """Keep the checked rows until the user confirms or cancels; nothing is a partner yet.
    Refused (ValidationError) if checking the rows takes longer than the upload has left."""
    rows = [row.as_json() for row in check_rows(ecosystem, table.rows, table.deadline)]
    with transaction.atomic():
        # Nobody comes back to an import after a day; clear those left behind.
        PartnerImport.objects.filter(created_at__lt=timezone.now() - STALE_AFTER).delete()
        return PartnerImport.objects.create(
            ecosystem=ecosystem, created_by=user, filename=filename[:255], rows=rows
        )


def pending_for(ecosystem: Ecosystem, user: User) -> QuerySet[PartnerImport]:
    """The imports a member may see: their own, in this ecosystem."""
    return PartnerImport.objects.for_ecosystem(ecosystem).filter(created_by=user)


def counts(pending: PartnerImport) -> tuple[int, int]:
    """(valid rows, rows with problems)."""
    invalid = sum(1 for row in pending.rows if row["errors"])
    return len(pending.rows) - invalid, invalid


ALL, VALID = "all", "valid"


@dataclass
class Outcome:
    saved: list[Partner]
    # Lines left out, and lines that were fine in the preview but are not any more
    # (someone added a partner of that name, a lead left the ecosystem…).
    left_out: list[int]
    changed: list[int]
    refused: bool = False


def confirm_import(pending: PartnerImport, mode: str) -> Outcome | None:
    """Save the rows (all of them, or only the valid ones) in one transaction, checked
    again against the ecosystem as it is now. "All" saves nothing while any row has a
    problem; the import then keeps the fresh problems for the preview. None if the import
    was confirmed or cancelled meanwhile (a second click, another tab)."""
    with transaction.atomic():
        # The lock makes a second confirmation wait, then find the import gone.
        locked = PartnerImport.objects.select_for_update().filter(pk=pending.pk).first()
        if locked is None:
            return None
        pending = locked
        stored = pending.rows
        before_ok = {row["line"] for row in stored if not row["errors"]}
        # No deadline here: these rows are at most MAX_ROWS and were checked once within
        # the upload's time; refusing half-way through a confirmation would only confuse.
        rows = check_rows(pending.ecosystem, stored)
        changed = [row.line for row in rows if row.line in before_ok and not row.valid]
        left_out = [row.line for row in rows if not row.valid]
        valid = [row for row in rows if row.valid]
        if (mode == ALL and left_out) or not valid:
            pending.rows = [row.as_json() for row in rows]
            pending.save(update_fields=["rows"])
            return Outcome([], left_out, changed, refused=True)
        saved = []
        for row in valid:
            assert row.form is not None
            partner = row.form.save_all()
            assert partner is not None  # a new partner has no version to conflict with
            saved.append(partner)
        pending.delete()
    return Outcome(saved, left_out, changed)
