"""Forms and the list filter of the year plan."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ecosystem.concurrency import VersionedModelForm
from ecosystem.forms import SearchFilterSet, date_input, select
from ecosystem.models import Ecosystem, User

from . import plan
from .models import AgendaCycle, PlanTask

OVERDUE = "yes"


class OwnerChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name())


class PlanTaskFilter(SearchFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=_("Any status"),
        choices=PlanTask.Status.choices,
        widget=select(),
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"),
        empty_label=_("Anyone"),
        null_label=_("Nobody yet"),
        queryset=User.objects.none(),
        widget=select(),
    )
    cycle = django_filters.ModelChoiceFilter(
        label=_("Cycle"),
        empty_label=_("All cycles"),
        queryset=AgendaCycle.objects.none(),
        widget=select(),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Due"),
        empty_label=_("Any date"),
        choices=[(OVERDUE, _("Overdue only"))],
        method="only_overdue",
        widget=select(),
    )
    search_hint = _("Task or what it involves…")

    class Meta:
        model = PlanTask
        fields = ["q", "status", "owner", "cycle", "overdue"]

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only this ecosystem's people and cycles: never a hint of another's.
        owner: Any = self.filters["owner"]
        owner.queryset = User.objects.filter(memberships__ecosystem=ecosystem).order_by(
            "full_name", "email"
        )
        cycle: Any = self.filters["cycle"]
        cycle.queryset = AgendaCycle.objects.for_ecosystem(ecosystem)

    def search(self, queryset: Any, name: str, value: str) -> Any:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(Q(title__icontains=text) | Q(description__icontains=text))

    def only_overdue(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.overdue() if value == OVERDUE else queryset

    def is_filtered(self) -> bool:
        return any(self.form.data.get(name) for name in self.Meta.fields)

    def describe(self) -> list[str]:
        """The filters in words, for the printed plan."""
        if not self.is_valid():
            return []
        data = self.form.cleaned_data
        words = []
        if data.get("q"):
            words.append(str(_("matching “%(text)s”")) % {"text": data["q"]})
        if data.get("status"):
            words.append(str(PlanTask.Status(data["status"]).label))
        if data.get("owner"):
            owner = data["owner"]
            # The "Nobody yet" choice cleans to django-filter's null marker, a string.
            label = _("nobody yet") if isinstance(owner, str) else owner.get_full_name()
            words.append(str(_("owner: %(owner)s")) % {"owner": label})
        if data.get("cycle"):
            words.append(str(data["cycle"]))
        if data.get("overdue") == OVERDUE:
            words.append(str(_("overdue only")))
        return words


def owner_field(queryset: QuerySet[User]) -> OwnerChoiceField:
    return OwnerChoiceField(
        label=_("Owner"),
        queryset=queryset,
        required=False,
        empty_label=_("Nobody yet"),
        help_text=_("Contributors, editors and coordinators can own tasks; viewers only read."),
    )


class PlanTaskForm(VersionedModelForm):
    """Adds or edits a task. The status has its own small form on the list, so editing the
    wording never undoes someone marking the task done in the meantime."""

    class Meta:
        model = PlanTask
        fields = ["title", "description", "due_date", "owner", "cycle"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "due_date": date_input(),
        }
        help_texts = {"cycle": _("The agenda cycle the task serves, if any.")}

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ecosystem = ecosystem
        self.fields["owner"] = owner_field(
            plan.owner_choices(ecosystem, keep=self.instance.owner_id)
        )
        cycle: Any = self.fields["cycle"]
        cycle.queryset = AgendaCycle.objects.for_ecosystem(ecosystem)
        cycle.empty_label = _("None")

    def save(self, commit: bool = True) -> PlanTask:
        self.instance.ecosystem = self.ecosystem
        task: PlanTask = super().save(commit)
        return task


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PlanTask.Status.choices)


class CycleChoiceField(forms.ModelChoiceField[AgendaCycle]):
    def label_from_instance(self, obj: Any) -> str:
        return str(
            _("%(title)s (session %(start)s to %(end)s)")
            % {
                "title": obj.title,
                "start": date_format(obj.session_start),
                "end": date_format(obj.session_end),
            }
        )


class GeneratePlanForm(forms.Form):
    cycle = CycleChoiceField(
        label=_("Agenda cycle"),
        queryset=AgendaCycle.objects.none(),
        empty_label=None,
        help_text=_("Due dates are counted from this cycle's session dates."),
    )

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cycle: Any = self.fields["cycle"]
        cycle.queryset = AgendaCycle.objects.for_ecosystem(ecosystem).exclude(
            status=AgendaCycle.Status.ARCHIVED
        )
        current = AgendaCycle.objects.for_ecosystem(ecosystem).current()
        if current is not None:
            cycle.initial = current.pk
        self.fields["owner"] = owner_field(plan.owner_choices(ecosystem))
        self.fields["owner"].label = _("Give the new tasks to")
        self.fields["owner"].help_text = _(
            "Give every new task to one person to share out, or leave it to assign later."
        )
