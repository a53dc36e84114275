"""Site administrators edit the toolkit's instruments here: wording, ordering, publishing.

A published version is frozen: its pages are read-only, with a message that says how to
change the wording (duplicate it as a new draft). The models refuse such edits too, so
no other path can change a published version.
"""

from __future__ import annotations

from typing import Any, cast

from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ecosystem.admin_columns import CountedRelations, count_column

from . import services
from .models import (
    Answer,
    Consensus,
    Descriptor,
    Indicator,
    Instrument,
    InstrumentVersion,
    Level,
    Resource,
    Response,
    Round,
    Strand,
    Topic,
)
from .models.instruments import FrozenVersionError
from .rubric_files import loading, reading, writing


class FrozenWhenPublished:
    """Read-only once the version the object belongs to is published."""

    def version_of(self, obj: Any) -> InstrumentVersion | None:
        raise NotImplementedError

    def is_frozen(self, obj: Any) -> bool:
        version = self.version_of(obj) if obj is not None else None
        return bool(version and version.is_published)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.is_frozen(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.is_frozen(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]

    def change_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any) -> Any:
        obj = self.get_object(request, object_id)  # type: ignore[attr-defined]
        if obj is not None and self.is_frozen(obj):
            frozen = FrozenVersionError(self.version_of(obj))  # type: ignore[arg-type]
            messages.warning(request, frozen.messages[0])
        return super().change_view(request, object_id, *args, **kwargs)  # type: ignore[misc]


class InlineFrozenWhenPublished:
    """Inline rows of a published version (or its parts) cannot be added, changed or removed."""

    def _frozen(self, obj: Any) -> bool:
        if obj is None:
            return False
        version = obj if isinstance(obj, InstrumentVersion) else obj.content_version()
        return version.is_published

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


# --- Instruments and versions ----------------------------------------------------------------


class VersionLinkInline(admin.TabularInline[InstrumentVersion, Instrument]):
    model = InstrumentVersion
    fields = ["number", "status", "published_at", "notes"]
    readonly_fields = ["number", "status", "published_at", "notes"]
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Instrument)
class InstrumentAdmin(CountedRelations, SimpleHistoryAdmin):
    list_display = ["name", "kind", "slug", "owner", "version_count"]
    list_filter = ["kind", ("ecosystem", admin.EmptyFieldListFilter), "ecosystem"]
    list_select_related = ["ecosystem"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "kind",
        "description",
        "position",
        "based_on",
        "ecosystem",
        "adapted_from",
    ]
    raw_id_fields = ["adapted_from"]
    inlines = [VersionLinkInline]
    counted = {"version_count": "versions"}
    version_count = count_column("version_count", _("versions"))

    @admin.display(description=_("used by"), ordering="ecosystem__name")
    def owner(self, obj: Instrument) -> str:
        return obj.ecosystem.name if obj.ecosystem else str(_("Every ecosystem (site-wide)"))


class LevelInline(InlineFrozenWhenPublished, admin.TabularInline[Level, InstrumentVersion]):
    model = Level
    fields = ["value", "label", "description"]
    extra = 0


class StrandInline(InlineFrozenWhenPublished, SortableTabularInline):
    model = Strand
    fields = ["position", "code", "name", "description"]
    # adminsortable2 drags rows by the first field of the ordering, which must be a field
    # of this model: Strand's own ordering starts with its version.
    ordering = ["position", "pk"]
    extra = 0
    show_change_link = True


class ImportForm(forms.Form):
    document = forms.FileField(
        label=_("Instrument document (.json)"),
        help_text=_("A file written by “Export as JSON” or by manage.py export_rubric."),
    )
    publish = forms.BooleanField(label=_("Publish it at once"), required=False)

    def clean_document(self) -> dict[str, Any]:
        upload = self.cleaned_data["document"]
        try:
            # An oversize file is refused by its size, before any of it is read; and no
            # more than the limit is ever read.
            reading.check_size(upload.size)
            return reading.parse(upload.read(reading.MAX_DOCUMENT_BYTES + 1))
        except reading.DocumentError as error:
            raise forms.ValidationError(str(error)) from None


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(
    FrozenWhenPublished, CountedRelations, SortableAdminBase, SimpleHistoryAdmin
):
    list_display = ["__str__", "status", "published_at", "strand_count", "round_count", "export"]
    list_filter = ["status", "instrument"]
    list_select_related = ["instrument"]
    search_fields = ["instrument__name", "notes"]
    readonly_fields = ["status", "published_at"]
    fields = ["instrument", "number", "notes", "status", "published_at"]
    inlines = [LevelInline, StrandInline]
    actions = ["publish_versions", "duplicate_versions"]

    def version_of(self, obj: InstrumentVersion) -> InstrumentVersion:
        return obj

    counted = {"strand_total": "strands", "round_total": "rounds"}
    strand_count = count_column("strand_total", _("strands"))
    round_count = count_column("round_total", _("rounds"))

    @admin.display(description=_("document"))
    def export(self, obj: InstrumentVersion) -> str:
        url = reverse("admin:continuum_instrumentversion_export", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Export as JSON"))

    @admin.action(description=_("Publish (freeze the wording)"))
    def publish_versions(self, request: HttpRequest, queryset: QuerySet[InstrumentVersion]) -> None:
        for version in queryset.select_related("instrument"):
            try:
                services.publish(version)
            except services.ContinuumError as error:
                self.message_user(request, f"{version}: {error}", messages.ERROR)
            else:
                self.message_user(request, _("%s is published.") % version, messages.SUCCESS)
                self.name_rounds_keeping_old_wording(request, version)

    def name_rounds_keeping_old_wording(
        self, request: HttpRequest, version: InstrumentVersion
    ) -> None:
        """Publishing moves no round: say which open ones still use an earlier version."""
        keeping = services.rounds_keeping_old_wording(version)
        if keeping:
            self.message_user(
                request,
                _("These open rounds keep the wording of an earlier version: %(rounds)s.")
                % {
                    "rounds": "; ".join(
                        f"{r.title} ({r.ecosystem.name}, {r.version})" for r in keeping
                    )
                },
                messages.INFO,
            )

    @admin.action(description=_("Duplicate as a new draft version"))
    def duplicate_versions(
        self, request: HttpRequest, queryset: QuerySet[InstrumentVersion]
    ) -> None:
        for version in queryset:
            draft = services.duplicate_as_draft(version)
            self.message_user(
                request,
                _("%(new)s was created from %(old)s.") % {"new": draft, "old": version},
                messages.SUCCESS,
            )

    def duplicate_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The change page's "Duplicate as a new draft to edit" button: the same duplicate
        as the list's action, then straight to the draft's page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(InstrumentVersion.objects.select_related("instrument"), pk=pk)
        draft = services.duplicate_as_draft(version)
        self.message_user(
            request,
            _("%(new)s was created from %(old)s. Edit its wording here, then publish it.")
            % {"new": draft, "old": version},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:continuum_instrumentversion_change", args=[draft.pk])
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/duplicate/",
                self.admin_site.admin_view(self.duplicate_view),
                name="continuum_instrumentversion_duplicate",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="continuum_instrumentversion_import",
            ),
            path(
                "<int:pk>/export/",
                self.admin_site.admin_view(self.export_view),
                name="continuum_instrumentversion_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        version = get_object_or_404(InstrumentVersion.objects.select_related("instrument"), pk=pk)
        filename = f"{slugify(version.instrument.slug)}-v{version.number}.json"
        return HttpResponse(
            writing.export_version(version),
            content_type="application/json; charset=utf-8",
            headers={"Content-Disposition": content_disposition_header(True, filename) or ""},
        )

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                version = loading.import_document(
                    form.cleaned_data["document"], publish=form.cleaned_data["publish"]
                )
            except reading.DocumentError as error:
                form.add_error("document", str(error))
            else:
                self.message_user(request, _("%s was imported.") % version, messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:continuum_instrumentversion_change", args=[version.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import an instrument version"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/continuum/import.html", context)


# --- Strands, indicators, descriptors -------------------------------------------------------


class IndicatorInline(InlineFrozenWhenPublished, SortableStackedInline):
    model = Indicator
    fields = ["position", "code", "statement", "guidance"]
    # adminsortable2 drags rows by the first field of the ordering, which must be a field
    # of this model: Indicator's own ordering starts with strand__position, which made
    # every strand page fail. Within one strand, position alone orders them.
    ordering = ["position", "pk"]
    extra = 0
    show_change_link = True


@admin.register(Strand)
class StrandAdmin(FrozenWhenPublished, SortableAdminBase, SimpleHistoryAdmin):
    list_display = ["code", "name", "version"]
    list_filter = ["version__instrument", "version"]
    list_select_related = ["version__instrument"]
    search_fields = ["code", "name", "description"]
    fields = ["version", "position", "code", "name", "description"]
    inlines = [IndicatorInline]

    def version_of(self, obj: Strand) -> InstrumentVersion:
        return obj.version

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        """A strand stays in its version; a new one joins a version that is still a draft."""
        form = super().get_form(request, obj, **kwargs)
        if "version" in form.base_fields:
            versions = InstrumentVersion.objects.select_related("instrument")
            versions = versions.filter(pk=obj.version_id) if obj else versions.drafts()
            field = cast(forms.ModelChoiceField[InstrumentVersion], form.base_fields["version"])
            field.queryset = versions
        return form


class DescriptorInline(InlineFrozenWhenPublished, admin.TabularInline[Descriptor, Indicator]):
    model = Descriptor
    fields = ["level", "text"]
    extra = 0

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        """Offer only this version's levels, with a row ready for each level not yet
        described, so filling in a new indicator's descriptors is one page."""
        if obj is None:
            return super().get_formset(request, obj, **kwargs)
        levels = Level.objects.filter(version=obj.version)
        described = set(obj.descriptors.values_list("level_id", flat=True))
        missing = [{"level": level.pk} for level in levels if level.pk not in described]
        kwargs["extra"] = len(missing)
        base = super().get_formset(request, obj, **kwargs)
        cast(forms.ModelChoiceField[Level], base.form.base_fields["level"]).queryset = levels

        class DescriptorFormSet(base):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **formset_kwargs: Any) -> None:
                formset_kwargs.setdefault("initial", missing)
                super().__init__(*args, **formset_kwargs)

        return DescriptorFormSet


@admin.register(Indicator)
class IndicatorAdmin(FrozenWhenPublished, SimpleHistoryAdmin):
    list_display = ["code", "statement", "strand", "version"]
    list_filter = ["version__instrument", "version"]
    list_select_related = ["strand", "version__instrument"]
    search_fields = ["code", "statement", "guidance"]
    fields = ["strand", "code", "statement", "guidance"]
    inlines = [DescriptorInline]

    def version_of(self, obj: Indicator) -> InstrumentVersion:
        return obj.strand.version

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        """An indicator of a draft moves only between that version's own strands; a new
        one goes into some draft's strand (published ones are frozen)."""
        form = super().get_form(request, obj, **kwargs)
        if "strand" in form.base_fields:
            strands = Strand.objects.select_related("version__instrument")
            if obj is not None:
                strands = strands.filter(version=obj.version_id)
            else:
                strands = strands.filter(version__status=InstrumentVersion.Status.DRAFT)
            strand_field = cast(forms.ModelChoiceField[Strand], form.base_fields["strand"])
            strand_field.queryset = strands
            strand_field.label_from_instance = lambda obj: (  # type: ignore[method-assign]
                f"{obj.version} · {obj.code} {obj.name}"
            )
        return form


# --- Resources ---------------------------------------------------------------------------------


@admin.register(Topic)
class TopicAdmin(CountedRelations, admin.ModelAdmin[Topic]):
    list_display = ["name", "slug", "resource_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    counted = {"resource_total": "resources"}
    resource_count = count_column("resource_total", _("resources"))


@admin.register(Resource)
class ResourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "published_on", "source", "url", "ecosystem"]
    list_filter = ["kind", ("ecosystem", admin.EmptyFieldListFilter), "topics", "strands__code"]
    list_select_related = ["ecosystem"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["topics"]
    autocomplete_fields = ["strands", "indicators"]
    date_hierarchy = "published_on"

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Django 6 reads "www.x.org" as https://; say so now rather than warn on every page.
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# --- Rounds (records of each ecosystem) ------------------------------------------------------


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin[Round]):
    list_display = ["title", "ecosystem", "version", "period", "status", "anonymous", "opened_at"]
    list_filter = ["status", "anonymous", "ecosystem", "version__instrument"]
    list_select_related = ["ecosystem", "version__instrument"]
    search_fields = ["title", "period", "ecosystem__name"]
    raw_id_fields = ["opened_by"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin[Response]):
    list_display = ["respondent_name", "round", "organization", "started_at", "submitted_at"]
    list_filter = ["round__ecosystem", "round"]
    list_select_related = ["round", "organization"]
    search_fields = ["respondent_name", "round__title", "organization__name"]
    raw_id_fields = ["user", "round", "organization"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin[Answer]):
    list_display = ["response", "indicator", "level", "not_sure", "updated_at"]
    list_filter = ["response__round__ecosystem", "response__round"]
    list_select_related = ["response__round", "indicator", "level"]
    search_fields = ["evidence", "next_step", "indicator__code"]
    raw_id_fields = ["response", "indicator", "level"]


@admin.register(Consensus)
class ConsensusAdmin(SimpleHistoryAdmin):
    list_display = ["round", "indicator", "level", "recorded_by", "recorded_at"]
    list_filter = ["round__ecosystem", "round"]
    list_select_related = ["round", "indicator", "level", "recorded_by"]
    search_fields = ["rationale", "indicator__code", "round__title"]
    raw_id_fields = ["round", "indicator", "level", "recorded_by"]
