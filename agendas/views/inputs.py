"""Each organization's input: the Information Gathering Template and the two worksheets."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.access import EcosystemRequest, role_required
from ecosystem.autosave import autosave_refused, autosaved
from ecosystem.downloads import dated_filename, pdf_response
from ecosystem.models import Role
from ecosystem.pdf import render_pdf

from .. import services
from ..cycle_forms import AdvocacyIssueForm, LegislativeIssueForm, SubmissionForm
from ..models import AdvocacyIssue, LegislativeIssue, Submission
from ..rules import may_edit_input
from ..worksheets import BLANK_WORKSHEETS
from .common import check_may_edit_input, closed_message, crumbs, get_cycle, get_organization


@dataclass(frozen=True)
class Worksheet:
    model: type[LegislativeIssue] | type[AdvocacyIssue]
    form: type[LegislativeIssueForm] | type[AdvocacyIssueForm]
    name: Any


WORKSHEETS = {
    "legislative": Worksheet(
        LegislativeIssue, LegislativeIssueForm, gettext_lazy("Legislative Issues worksheet")
    ),
    "public": Worksheet(
        AdvocacyIssue, AdvocacyIssueForm, gettext_lazy("Public-Facing Advocacy Issues worksheet")
    ),
}


def _worksheet(kind: str) -> Worksheet:
    if kind not in WORKSHEETS:
        raise Http404("No such worksheet.")
    return WORKSHEETS[kind]


def _input_url(request: EcosystemRequest, submission: Submission) -> str:
    return reverse(
        "agendas:input",
        kwargs={
            "ecosystem_slug": request.ecosystem.slug,
            "pk": submission.cycle_id,
            "org_pk": submission.organization_id,
        },
    )


def _submission(request: EcosystemRequest, pk: int, org_pk: int) -> Submission:
    """The organization's input to the cycle. Reading never creates one: until someone
    writes something, an unsaved, empty one stands in."""
    cycle = get_cycle(request, pk)
    organization = get_organization(request, org_pk)
    existing = Submission.objects.filter(cycle=cycle, organization=organization).first()
    return existing or Submission(cycle=cycle, organization=organization)


def _stored(submission: Submission) -> Submission:
    """The input as a row, created on the first change. Only once the change is allowed:
    a refused request must leave no empty input behind (it would count as started)."""
    if submission.pk is not None:
        return submission
    return services.submission_for(submission.cycle, submission.organization)


@require_http_methods(["GET", "POST"])
def input_page(request: EcosystemRequest, pk: int, org_pk: int) -> HttpResponse:
    """Everyone reads an organization's input; those who speak for it write it."""
    submission = _submission(request, pk, org_pk)
    can_edit = may_edit_input(request.membership, submission.organization)
    form = SubmissionForm(request.POST or None, instance=copy(submission))
    if not (can_edit and submission.accepts_changes):
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST":
        check_may_edit_input(request, submission)
        if form.is_valid() and (saved := form.save_checked()):
            if request.htmx:
                return autosaved(request, saved)
            messages.success(request, _("Your input is saved."))
            return redirect(_input_url(request, submission))
        if request.htmx:
            return autosave_refused(request, form)
    return render(
        request,
        "agendas/inputs/input.html",
        {
            "cycle": submission.cycle,
            "submission": submission,
            "organization": submission.organization,
            "form": form,
            "crumbs": crumbs(request, submission.organization.name, submission.cycle),
            "can_edit": can_edit,
            "closed_message": None if submission.accepts_changes else closed_message(submission),
            "legislative": submission.legislative_issues.all() if submission.pk else [],
            "public": submission.advocacy_issues.all() if submission.pk else [],
        },
        status=200 if request.method == "GET" or form.is_valid() else 422,
    )


@require_http_methods(["GET", "POST"])
def input_send(request: EcosystemRequest, pk: int, org_pk: int) -> HttpResponse:
    """What will be sent, to confirm (GET); then sending it (POST). An input with nothing
    in it is never sent: it would count as an organization heard from."""
    submission = _submission(request, pk, org_pk)
    check_may_edit_input(request, submission)
    if request.method == "POST":
        try:
            services.send_input(submission, request.user)
        except services.AgendaError as error:
            messages.error(request, str(error))
            return redirect(_input_url(request, submission))
        messages.success(
            request,
            _("%(org)s's input is sent. You can still change it until %(date)s.")
            % {
                "org": submission.organization.name,
                "date": date_format(submission.cycle.input_deadline),
            },
        )
        return redirect(_input_url(request, submission))
    stored = submission.pk is not None
    return render(
        request,
        "agendas/inputs/send.html",
        {
            "cycle": submission.cycle,
            "submission": submission,
            "organization": submission.organization,
            "crumbs": crumbs(request, _("Send the input"), submission.cycle),
            "has_content": services.has_content(submission),
            "legislative": list(submission.legislative_issues.all()) if stored else [],
            "public": list(submission.advocacy_issues.all()) if stored else [],
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def input_reopen(request: EcosystemRequest, pk: int, org_pk: int) -> HttpResponse:
    """Let one organization change its input after the deadline (or close it again)."""
    submission = _stored(_submission(request, pk, org_pk))
    submission.late_changes_allowed = not submission.late_changes_allowed
    submission.save(update_fields=["late_changes_allowed", "updated_at"])
    if submission.late_changes_allowed:
        messages.success(
            request, _("%(org)s can change its input again.") % {"org": submission.organization}
        )
    else:
        messages.success(
            request, _("%(org)s's input is closed.") % {"org": submission.organization}
        )
    return redirect(_input_url(request, submission))


@require_http_methods(["GET", "POST"])
def issue_create(request: EcosystemRequest, pk: int, org_pk: int, kind: str) -> HttpResponse:
    worksheet = _worksheet(kind)
    submission = _submission(request, pk, org_pk)
    check_may_edit_input(request, submission)
    form = worksheet.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.instance.submission = submission = _stored(submission)
            form.instance.position = worksheet.model.objects.filter(submission=submission).count()
            form.save_checked()
        messages.success(request, _("“%(title)s” was added.") % {"title": form.instance.title})
        return redirect(_input_url(request, submission))
    return render(
        request,
        "agendas/inputs/issue_form.html",
        {
            "submission": submission,
            "cycle": submission.cycle,
            "form": form,
            "worksheet": worksheet,
            "crumbs": crumbs(request, submission.organization.name, submission.cycle),
        },
    )


def _issue(worksheet: Worksheet, submission: Submission, issue_pk: int) -> Any:
    if submission.pk is None:
        raise Http404("This organization has no input yet.")
    return get_object_or_404(worksheet.model.objects.filter(submission=submission), pk=issue_pk)


@require_http_methods(["GET", "POST"])
def issue_update(
    request: EcosystemRequest, pk: int, org_pk: int, kind: str, issue_pk: int
) -> HttpResponse:
    worksheet = _worksheet(kind)
    submission = _submission(request, pk, org_pk)
    check_may_edit_input(request, submission)
    issue = _issue(worksheet, submission, issue_pk)
    form = worksheet.form(request.POST or None, instance=copy(issue))
    if request.method == "POST" and form.is_valid() and (saved := form.save_checked()):
        if request.htmx:
            return autosaved(request, saved)
        messages.success(request, _("“%(title)s” was saved.") % {"title": saved.title})
        return redirect(_input_url(request, submission))
    if request.method == "POST" and request.htmx:
        return autosave_refused(request, form)
    return render(
        request,
        "agendas/inputs/issue_form.html",
        {
            "submission": submission,
            "cycle": submission.cycle,
            "form": form,
            "worksheet": worksheet,
            "issue": issue,
            "crumbs": crumbs(request, submission.organization.name, submission.cycle),
        },
    )


@require_http_methods(["GET", "POST"])
def issue_delete(
    request: EcosystemRequest, pk: int, org_pk: int, kind: str, issue_pk: int
) -> HttpResponse:
    worksheet = _worksheet(kind)
    submission = _submission(request, pk, org_pk)
    check_may_edit_input(request, submission)
    issue = _issue(worksheet, submission, issue_pk)
    if request.method == "POST":
        issue.delete()
        messages.success(request, _("“%(title)s” was removed.") % {"title": issue.title})
        return redirect(_input_url(request, submission))
    return render(
        request,
        "agendas/inputs/issue_delete.html",
        {"submission": submission, "cycle": submission.cycle, "issue": issue},
    )


def input_pdf(request: EcosystemRequest, pk: int, org_pk: int) -> HttpResponse:
    submission = _submission(request, pk, org_pk)
    context = {
        "title": _("Input of %(org)s") % {"org": submission.organization.name},
        "submission": submission,
        "cycle": submission.cycle,
        "legislative": submission.legislative_issues.all() if submission.pk else [],
        "public": submission.advocacy_issues.all() if submission.pk else [],
    }
    pdf = render_pdf("agendas/pdf/input.html", context, request=request)
    filename = dated_filename(
        request.ecosystem.slug,
        submission.cycle.title,
        submission.organization.name,
        "input",
        extension="pdf",
    )
    return pdf_response(pdf, filename)


def worksheet_pdf(request: EcosystemRequest, name: str) -> HttpResponse:
    """A blank worksheet, for a meeting on paper."""
    if name not in BLANK_WORKSHEETS:
        raise Http404("No such worksheet.")
    context = {
        "title": BLANK_WORKSHEETS[name],
        "name": name,
        "legislative_form": LegislativeIssueForm(),
        "public_form": AdvocacyIssueForm(),
        "body": f"agendas/pdf/_blank_{name.replace('-', '_')}_body.html",
    }
    pdf = render_pdf("agendas/pdf/blank_worksheet.html", context, request=request)
    return pdf_response(pdf, dated_filename(name, "blank", extension="pdf"))
