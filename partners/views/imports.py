"""Importing partners from a CSV file (editor and up): upload, preview with every row's
problems, then confirm (all rows, or only the valid ones) or cancel.

Nothing becomes a partner before the confirmation. A pending import belongs to the member
who uploaded it: anyone else, even a coordinator, gets a 404 for it, and once confirmed or
cancelled it is gone.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.models import Role
from ecosystem.security.uploads import explain_refusal, upload_limit

from ..documents import clean_original_name
from ..imports.applying import ALL, VALID, confirm_import, counts, create_import, pending_for
from ..imports.columns import COLUMNS
from ..imports.forms import PartnerImportForm
from ..imports.preview import preview_rows
from ..imports.reading import MAX_BYTES, MAX_ROWS, read_csv
from ..models import PartnerImport
from .crumbs import import_crumbs

SAMPLE = Path(__file__).resolve().parent.parent / "content" / "partners-sample.csv"
LINES_SHOWN = 20  # in a message; the preview lists them all


def _get_import(request: EcosystemRequest, pk: int) -> PartnerImport:
    return get_object_or_404(pending_for(request.ecosystem, request.user), pk=pk)


def _preview(request: EcosystemRequest, pending: PartnerImport) -> HttpResponse:
    return redirect(
        "partners:partner_import_preview", ecosystem_slug=request.ecosystem.slug, pk=pending.pk
    )


def _lines(lines: list[int]) -> str:
    shown = [str(line) for line in lines[:LINES_SHOWN]]
    if len(lines) > LINES_SHOWN:
        shown.append(_("%(count)s more") % {"count": len(lines) - LINES_SHOWN})
    return str(get_text_list(shown, _("and")))


@upload_limit(MAX_BYTES)
@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def partner_import(request: EcosystemRequest) -> HttpResponse:
    if request.method == "POST":
        form = PartnerImportForm(request.POST, request.FILES)
        explain_refusal(request, form, "file")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            filename = clean_original_name(upload.name or "") or "partners.csv"
            try:
                table = read_csv(upload)
                pending = create_import(request.ecosystem, request.user, filename, table)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                if table.ignored:
                    messages.info(
                        request,
                        _("These columns were not recognized and were left out: %(columns)s.")
                        % {"columns": ", ".join(f"“{name}”" for name in table.ignored)},
                    )
                return _preview(request, pending)
    else:
        form = PartnerImportForm()
    return render(
        request,
        "partners/imports/upload.html",
        {
            "form": form,
            "columns": COLUMNS,
            "max_rows": MAX_ROWS,
            "crumbs": import_crumbs(request, checking=False),
        },
    )


@require_GET
def partner_import_sample(request: EcosystemRequest) -> HttpResponse:
    # With the byte-order mark, so Excel opens it as UTF-8.
    content = "\ufeff" + SAMPLE.read_text(encoding="utf-8")
    return HttpResponse(
        content.encode("utf-8"),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition_header(True, "partners-sample.csv") or ""
        },
    )


@role_required(Role.EDITOR)
@require_GET
def partner_import_preview(request: EcosystemRequest, pk: int) -> HttpResponse:
    pending = _get_import(request, pk)
    rows = preview_rows(pending)
    valid, invalid = counts(pending)
    only_problems = request.GET.get("show") == "problems" and invalid > 0
    return render(
        request,
        "partners/imports/preview.html",
        {
            "pending": pending,
            "crumbs": import_crumbs(request, checking=True),
            "rows": [row for row in rows if not row.valid] if only_problems else rows,
            "total": len(rows),
            "valid_count": valid,
            "invalid_count": invalid,
            "only_problems": only_problems,
        },
    )


@role_required(Role.EDITOR)
@require_POST
def partner_import_confirm(request: EcosystemRequest, pk: int) -> HttpResponse:
    pending = _get_import(request, pk)
    mode = request.POST.get("mode")
    if mode not in (ALL, VALID):
        messages.error(request, _("Choose whether to import every row or only the valid ones."))
        return _preview(request, pending)
    try:
        outcome = confirm_import(pending, mode)
    except IntegrityError:
        # Someone added a partner with one of these names in the same instant.
        messages.error(
            request,
            _(
                "Nothing was imported: a partner with one of these names was added at the same "
                "moment. Import again to see which."
            ),
        )
        return _preview(request, pending)
    if outcome is None:
        raise Http404("This import was already confirmed or cancelled.")
    if outcome.refused:
        if outcome.changed:
            messages.error(
                request,
                ngettext(
                    "Nothing was imported. Since the preview, line %(lines)s got a problem: "
                    "someone may have added a partner of the same name, or a lead may have "
                    "left. The table below shows it.",
                    "Nothing was imported. Since the preview, lines %(lines)s got problems: "
                    "someone may have added partners of the same names, or a lead may have "
                    "left. The table below shows them.",
                    len(outcome.changed),
                )
                % {"lines": _lines(outcome.changed)},
            )
        elif mode == ALL:
            messages.error(
                request,
                _(
                    "Nothing was imported: some rows have problems. Import only the valid rows, "
                    "or fix the file and upload it again."
                ),
            )
        else:
            messages.error(request, _("Nothing was imported: no row is valid."))
        return _preview(request, pending)

    saved = len(outcome.saved)
    messages.success(
        request,
        ngettext(
            "%(count)s partner was imported from %(file)s.",
            "%(count)s partners were imported from %(file)s.",
            saved,
        )
        % {"count": saved, "file": pending.filename},
    )
    if outcome.changed:
        messages.warning(
            request,
            ngettext(
                "Line %(lines)s was fine in the preview but not when you confirmed (a partner "
                "of the same name was added, or its lead left), so it was left out.",
                "Lines %(lines)s were fine in the preview but not when you confirmed (partners "
                "of the same names were added, or their leads left), so they were left out.",
                len(outcome.changed),
            )
            % {"lines": _lines(outcome.changed)},
        )
    left_out = [line for line in outcome.left_out if line not in outcome.changed]
    if left_out:
        messages.info(
            request,
            ngettext(
                "Line %(lines)s had problems and was left out.",
                "Lines %(lines)s had problems and were left out.",
                len(left_out),
            )
            % {"lines": _lines(left_out)},
        )
    return redirect("partners:partner_list", ecosystem_slug=request.ecosystem.slug)


@role_required(Role.EDITOR)
@require_POST
def partner_import_cancel(request: EcosystemRequest, pk: int) -> HttpResponse:
    pending = _get_import(request, pk)
    pending.delete()
    messages.success(
        request,
        _("The import of %(file)s was cancelled; no partner was added.")
        % {"file": pending.filename},
    )
    return redirect("partners:partner_import", ecosystem_slug=request.ecosystem.slug)
