"""Printed documents: the long PDFs the worker renders, and the one-pagers' wording."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage, report_file_path
from ..validators import validate_single_line
from .ecosystems import Ecosystem, EcosystemScopedQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ReportJobQuerySet(EcosystemScopedQuerySet["ReportJob"]):
    def pending(self) -> ReportJobQuerySet:
        """Waiting for the worker, or being rendered."""
        return self.filter(status__in=ReportJob.PENDING)


class ReportJob(models.Model):
    """One long PDF (the workshop kit or the coordinator's report), rendered by the
    background worker rather than the web process. The page polls it for the percent done
    and the step the worker is on."""

    class Kind(models.TextChoices):
        KIT = "kit", _("Blank workshop kit")
        REPORT = "report", _("Coordinator's report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    PENDING = (Status.QUEUED, Status.RUNNING)

    ecosystem = models.ForeignKey(
        Ecosystem, on_delete=models.CASCADE, related_name="report_jobs", verbose_name=_("ecosystem")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, validators=[validate_single_line]
    )
    # What the coordinator picked: {"sections": [...], "start": "YYYY-MM-DD", "end": ...}.
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.QUEUED,
        validators=[validate_single_line],
    )
    percent_done = models.PositiveSmallIntegerField(_("percent done"), default=0)
    step = models.CharField(
        _("current step"), max_length=200, blank=True, validators=[validate_single_line]
    )
    error = models.TextField(_("why it failed"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(
        max_length=64, blank=True, editable=False, validators=[validate_single_line]
    )
    # The rendered PDF, in the private storage: only the job's download view serves it.
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=report_file_path,
        blank=True,
        editable=False,
    )
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["ecosystem", "-created_at"])]
        constraints = [
            # One pending job per person and kind: more clicks (another tab, impatience)
            # follow the first instead of queueing the same render again. The database
            # decides, so two requests at the same instant cannot both add one. A job whose
            # requester left (NULL) never conflicts.
            models.UniqueConstraint(
                fields=["ecosystem", "requested_by", "kind"],
                condition=models.Q(status__in=["queued", "running"]),  # ReportJob.PENDING
                name="one_pending_report_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse(
            "ecosystem:report_job", kwargs={"ecosystem_slug": self.ecosystem.slug, "pk": self.pk}
        )

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED


@receiver(post_delete, sender=ReportJob, dispatch_uid="ecosystem.report_file_delete")
def delete_file_with_job(
    sender: type[ReportJob], instance: ReportJob, using: str, **kwargs: Any
) -> None:
    """A deleted job (pruned, or gone with its ecosystem) takes its PDF with it, once the
    deletion is committed: a rolled-back deletion keeps a file its row still names."""
    name = instance.file.name
    if name:
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(name), using=using)


class OnePager(models.Model):
    """A promotional handout. Its wording is shared toolkit content, edited in the admin;
    each ecosystem's figures fill the ``{placeholders}`` when it is printed."""

    class Name(models.TextChoices):
        RECIPE = "recipe", _("A strong library ecosystem recipe")
        ONE_VOICE = "one-voice", _("One voice magnifies the message")

    slug = models.SlugField(
        _("handout"), max_length=40, unique=True, choices=Name, validators=[validate_single_line]
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    tagline = models.CharField(
        _("tagline"), max_length=300, blank=True, validators=[validate_single_line]
    )
    body = models.TextField(
        _("text"),
        help_text=_(
            "Markdown: **bold**, *italic*, ## headings, - lists. Placeholders in braces are "
            "replaced with the ecosystem's own figures; the list below the box names them."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("one-pager")
        verbose_name_plural = _("one-pagers")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


# The one-pagers' ``{placeholders}``, and what each stands for: the admin lists these
# under the text box, and the one-pagers fill in exactly these.
ONE_PAGER_PLACEHOLDERS: dict[str, StrOrPromise] = {
    "ecosystem": _("The ecosystem's name."),
    "region": _("The region it covers (its name when no region is set)."),
    "organization_count": _("How many organizations take part."),
    "kind_count": _("How many different kinds of organizations take part."),
    "organizations_by_kind": _(
        "A list, one line per group (libraries, associations, supporters…): how many of "
        "each kind take part. Put it on a line of its own."
    ),
    "organization_names": _("The organizations' names, separated by commas."),
    "partner_count": _(
        "How many community partners are active and have at least reached a common goal and "
        "common language (partnerships still at first contact are not counted)."
    ),
    "signed_count": _("How many organizations signed on to the latest published shared agenda."),
    "sign_on_summary": _(
        "A sentence: how many of the participating organizations signed on to the latest "
        "published agenda, or that none has (or that no agenda is published yet)."
    ),
    "signers": _(
        "A list of the organizations that signed on to the latest published agenda, and no "
        "others. Put it on a line of its own."
    ),
    "agenda_title": _("The title of the latest published shared agenda."),
    "priority_count": _("How many priorities that agenda has."),
    "agenda_priorities": _(
        "A numbered list: that agenda's priorities, in rank order. Put it on a line of its own."
    ),
    "strands": _(
        "The Ecosystem Continuum's strands, e.g. “Leadership, Communication, Collaboration "
        "and Sustainability”."
    ),
}
