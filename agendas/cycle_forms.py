"""Forms of agenda building: cycles, each organization's input, consolidation, scoring."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecosystem.concurrency import VersionedModelForm
from ecosystem.forms import date_input, select
from ecosystem.models import Ecosystem, Organization
from ecosystem.validators import validate_single_line

from .models import (
    AdvocacyIssue,
    AgendaCycle,
    Criterion,
    LegislativeIssue,
    Priority,
    Submission,
)
from .models.agenda import library_type_choices


class CycleForm(forms.ModelForm[AgendaCycle]):
    class Meta:
        model = AgendaCycle
        fields = ["title", "session_start", "session_end", "input_deadline", "introduction"]
        widgets = {
            "session_start": date_input(),
            "session_end": date_input(),
            "input_deadline": date_input(),
            "introduction": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        deadline, start = cleaned.get("input_deadline"), cleaned.get("session_start")
        if deadline and start and deadline > start:
            self.add_error(
                "input_deadline",
                _("Input is needed before the session opens: choose a date on or before it."),
            )
        return cleaned


class CycleUpdateForm(CycleForm):
    class Meta(CycleForm.Meta):
        fields = [*CycleForm.Meta.fields, "status"]
        widgets = {**CycleForm.Meta.widgets, "status": forms.RadioSelect()}
        help_texts = {
            "status": _(
                "Gathering: organizations send input. Consolidating: input is closed and "
                "priorities are merged and scored. Published: the agenda is out for signing "
                "on. Archived: kept for the record."
            ),
        }


class SubmissionForm(VersionedModelForm):
    """The Information Gathering Template."""

    class Meta:
        model = Submission
        fields = ["top_concerns", "current_initiatives", "data_and_stories"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class LibraryTypesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=library_type_choices,
            required=False,
            label=_("Library types affected"),
            **kwargs,
        )


class LegislativeIssueForm(VersionedModelForm):
    library_types = LibraryTypesField(help_text=_("Who feels it if nothing changes."))

    class Meta:
        model = LegislativeIssue
        fields = [
            "title",
            "description",
            "library_types",
            "government_level",
            "ask_kind",
            "ask",
            "urgency",
            "supporting_evidence",
            "allies",
            "opponents",
            "desired_outcome",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "government_level": forms.RadioSelect,
            "ask_kind": forms.RadioSelect,
            "urgency": forms.RadioSelect,
            "ask": forms.Textarea(attrs={"rows": 2}),
            "supporting_evidence": forms.Textarea(attrs={"rows": 3}),
            "allies": forms.Textarea(attrs={"rows": 2}),
            "opponents": forms.Textarea(attrs={"rows": 2}),
            "desired_outcome": forms.Textarea(attrs={"rows": 2}),
        }


class AdvocacyIssueForm(VersionedModelForm):
    library_types = LibraryTypesField()

    class Meta:
        model = AdvocacyIssue
        fields = [
            "title",
            "library_types",
            "audience",
            "message",
            "channels",
            "messengers",
            "timing",
            "evidence",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ["audience", "message", "channels", "messengers", "timing", "evidence"]
        }


class CriterionForm(forms.ModelForm[Criterion]):
    class Meta:
        model = Criterion
        fields = ["name", "description", "weight"]


CriteriaFormSet = forms.inlineformset_factory(
    AgendaCycle,
    Criterion,
    form=CriterionForm,
    extra=1,
    can_delete=True,
    min_num=1,
    validate_min=True,
)


class ConsolidationFilter(forms.Form):
    """Narrows the consolidation page; filtering happens on the issues already loaded."""

    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("All organizations"),
        widget=select(),
    )
    kind = forms.ChoiceField(
        label=_("Worksheet"),
        required=False,
        choices=[("", _("Both worksheets")), *Priority.Kind.choices],
        widget=select(),
    )
    library_type = forms.ChoiceField(
        label=_("Library type"),
        required=False,
        choices=[("", _("All library types")), *library_type_choices()],
        widget=select(),
    )

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = Organization.objects.for_ecosystem(ecosystem)


class MergeForm(forms.Form):
    """Merge the selected input into a new priority, or into one that exists."""

    legislative = forms.ModelMultipleChoiceField(
        queryset=LegislativeIssue.objects.none(), required=False
    )
    advocacy = forms.ModelMultipleChoiceField(queryset=AdvocacyIssue.objects.none(), required=False)
    priority = forms.ModelChoiceField(
        label=_("Add to an existing priority"),
        queryset=Priority.objects.none(),
        required=False,
        empty_label=_("No: create a new priority"),
        widget=select(),
    )
    title = forms.CharField(
        label=_("Or name a new priority"),
        max_length=200,
        required=False,
        help_text=_("Left empty, the new priority takes the first selected issue's title."),
        validators=[validate_single_line],
    )

    def __init__(self, *args: Any, cycle: AgendaCycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["legislative"].queryset = LegislativeIssue.objects.for_cycle(cycle)
        fields["advocacy"].queryset = AdvocacyIssue.objects.for_cycle(cycle)
        fields["priority"].queryset = cycle.priorities.all()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("legislative") and not cleaned.get("advocacy"):
            raise forms.ValidationError(_("Select at least one issue to merge."))
        return cleaned


class PriorityForm(VersionedModelForm):
    class Meta:
        model = Priority
        fields = ["title", "kind", "summary", "talking_points", "ask_what", "ask_who", "ask_when"]
        widgets = {
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "talking_points": forms.Textarea(attrs={"rows": 6}),
            "ask_what": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "summary": _(
                "What the priority is about, in the ecosystem's own words: it is printed on "
                "the public agenda."
            ),
        }


SCORE_CHOICES = [("", "—"), *[(str(n), str(n)) for n in range(1, 6)]]


class ScoreSheetForm(forms.Form):
    """One member's scores: each criterion of each priority, 1 (low) to 5 (high)."""

    def __init__(
        self,
        *args: Any,
        priorities: list[Priority],
        criteria: list[Criterion],
        mine: dict[tuple[int, int], int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for priority in priorities:
            row = []
            for criterion in criteria:
                name = f"score_{priority.pk}_{criterion.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    label=_("%(criterion)s for %(priority)s")
                    % {"criterion": criterion.name, "priority": priority.title},
                    choices=SCORE_CHOICES,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=mine.get((priority.pk, criterion.pk)),
                    widget=select(),
                )
                row.append((criterion, self[name]))
            self.rows.append((priority, row))

    def scores(self) -> dict[tuple[int, int], int | None]:
        return {
            tuple(int(part) for part in name.split("_")[1:]): value  # type: ignore[misc]
            for name, value in self.cleaned_data.items()
        }


class PublishForm(forms.Form):
    """Publishing; when priorities lack talking points or an ask, only with a tick that
    says the agenda may go out like that."""

    accept_gaps = forms.BooleanField(
        label=_("Publish anyway: I know these priorities are incomplete."),
        required=False,
    )

    def __init__(self, *args: Any, gaps: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gaps = gaps
        if not gaps:
            del self.fields["accept_gaps"]

    def clean_accept_gaps(self) -> bool:
        accepted = bool(self.cleaned_data.get("accept_gaps"))
        if self.gaps and not accepted:
            raise forms.ValidationError(
                _("Tick this box to publish with the gaps listed above, or complete them first.")
            )
        return accepted


class SignOnForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization signing on"),
        queryset=Organization.objects.none(),
        empty_label=_("Choose an organization"),
        widget=select(),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = organizations
