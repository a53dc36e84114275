from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecosystem.concurrency import VersionedModelForm
from ecosystem.forms import date_input
from ecosystem.models import Ecosystem, Membership

from . import services
from .comparison import MAX_COMPARED_ROUNDS
from .models import Consensus, Indicator, InstrumentVersion, Level, Round, Strand
from .services import REMINDER_DAYS, AnswerInput, eligible_respondents

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TEXT_LIMIT = 4000


class VersionChoiceField(forms.ModelChoiceField[InstrumentVersion]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class InviteesField(forms.ModelMultipleChoiceField[Membership]):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        label = obj.user.get_full_name()
        if obj.organization:
            label += f", {obj.organization.name}"
        return f"{label} ({obj.get_role_display()})"


class StrandsField(forms.ModelMultipleChoiceField[Strand]):
    """The strands a round covers, as checkboxes; the queryset is one version's strands."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Strand.objects.none(),
            label=_("Strands this round covers"),
            error_messages={
                "required": _("Choose at least one strand."),
                "invalid_choice": _(
                    "Those strands belong to another instrument version. Choose among the "
                    "strands of the chosen version, listed here."
                ),
            },
            **kwargs,
        )

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


def _chosen_version(form: forms.BaseForm, field: Any) -> Any:
    """The version the strand boxes follow: as posted, or as proposed on a first visit."""
    if form.is_bound:
        raw = form.data.get(form.add_prefix("version"))
    else:
        raw = form.initial.get("version") or field.initial
    if isinstance(raw, InstrumentVersion):
        return raw
    try:
        return field.queryset.filter(pk=int(raw)).first() if raw else None
    except (TypeError, ValueError):
        return None


def _clean_title(form: forms.ModelForm[Round], ecosystem: Ecosystem) -> str:
    title: str = form.cleaned_data.get("title", "")
    if title and services.open_title_taken(ecosystem, title, form.instance.pk):
        raise forms.ValidationError(
            _(
                "An open round is already called “%(title)s”. Give this one a title of its "
                "own, so members can tell the two apart."
            )
            % {"title": title}
        )
    return title


def optional_reminder(form: forms.ModelForm[Round]) -> None:
    """Left empty (or not sent by an older page), the reminder keeps its usual timing."""
    form.fields["reminder_days"].required = False


def reminder_or_default(form: forms.ModelForm[Round]) -> int:
    days = form.cleaned_data.get("reminder_days")
    if days is None:
        return form.instance.reminder_days if form.instance.pk else REMINDER_DAYS
    return int(days)


class RoundForm(forms.ModelForm[Round]):
    version = VersionChoiceField(
        label=_("Instrument"),
        queryset=InstrumentVersion.objects.none(),
        help_text=_("Only published versions can be used; their wording will not change."),
    )
    invitees = InviteesField(
        label=_("Who is invited to answer"),
        queryset=Membership.objects.none(),
        help_text=_(
            "Each person answers for themselves, on behalf of the organization they represent. "
            "Viewers only read, so they are not listed."
        ),
    )
    strands = StrandsField(
        help_text=_(
            "An ecosystem can work on one strand at a time. Respondents answer only the "
            "strands ticked here, and the results cover only those."
        ),
    )

    class Meta:
        model = Round
        fields = [
            "version",
            "strands",
            "title",
            "period",
            "due_date",
            "reminder_days",
            "anonymous",
            "disagreement_threshold",
        ]
        widgets = {
            "due_date": date_input(),
            "disagreement_threshold": forms.RadioSelect,
        }
        help_texts = {
            "disagreement_threshold": _(
                "Indicators whose answers differ this much are marked “seen differently”, "
                "so the group can talk them through."
            ),
        }

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ecosystem = ecosystem
        optional_reminder(self)
        version_field: Any = self.fields["version"]
        # The site-wide instruments and the ecosystem's own adapted ones, never another's.
        version_field.queryset = (
            InstrumentVersion.objects.published().visible_to(ecosystem).select_related("instrument")
        )
        members = eligible_respondents(ecosystem)
        invitees: Any = self.fields["invitees"]
        invitees.queryset = (
            Membership.objects.filter(pk__in=[m.pk for m in members])
            .select_related("user", "organization")
            .order_by("user__full_name")
        )
        if not self.is_bound:
            year = timezone.localdate().year
            invitees.initial = [m.pk for m in members]
            self.fields["period"].initial = str(year)
            title = _("%(year)s self-assessment") % {"year": year}
            # Not the title of a round that is still open: the coordinator names this one.
            if not services.open_title_taken(ecosystem, title):
                self.fields["title"].initial = title
            if not self.initial.get("version"):
                continuum = version_field.queryset.filter(instrument__kind="rubric").first()
                self.fields["version"].initial = continuum.pk if continuum else None
        # The strand boxes list the chosen version's strands; all ticked at first.
        version = _chosen_version(self, version_field)
        strands: Any = self.fields["strands"]
        strands.queryset = Strand.objects.filter(version=version).order_by("position", "pk")
        if not self.is_bound:
            self.initial["strands"] = [strand.pk for strand in strands.queryset]

    def clean_reminder_days(self) -> int:
        return reminder_or_default(self)

    def clean_title(self) -> str:
        return _clean_title(self, self.ecosystem)

    def clean_due_date(self) -> Any:
        due = self.cleaned_data.get("due_date")
        if due and due < timezone.localdate():
            raise forms.ValidationError(_("The due date has passed; choose a later date."))
        return due

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.has_error("version") and self.has_error("strands"):
            # The strands are judged against the version: once one is chosen, not before.
            del self.errors["strands"]
        return cleaned


class RoundUpdateForm(forms.ModelForm[Round]):
    invitees = InviteesField(
        label=_("Also invite"),
        queryset=Membership.objects.none(),
        required=False,
        help_text=_("Members who can answer but were not invited yet."),
    )
    strands = StrandsField(
        help_text=_(
            "You can change the strands until someone submits their answers. Answers "
            "already drafted for a strand you untick are kept but left out; they count "
            "again if you tick it again."
        ),
    )

    class Meta:
        model = Round
        fields = ["title", "period", "due_date", "reminder_days"]
        widgets = {"due_date": date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        optional_reminder(self)
        strands: Any = self.fields["strands"]
        strands.queryset = self.instance.version.strands.order_by("position", "pk")
        strands.initial = [strand.pk for strand in self.instance.covered_strands()]
        if services.strands_locked(self.instance):
            strands.disabled = True
            strands.help_text = _(
                "Someone has already submitted answers against these strands, so they "
                "can no longer change."
            )
        invitees: Any = self.fields["invitees"]
        invitees.queryset = services.not_yet_invited(self.instance).select_related(
            "user", "organization"
        )
        if not invitees.queryset.exists():
            del self.fields["invitees"]

    def clean_reminder_days(self) -> int:
        return reminder_or_default(self)

    def clean_title(self) -> str:
        if self.instance.status != Round.Status.OPEN:
            return str(self.cleaned_data.get("title", ""))
        return _clean_title(self, self.instance.ecosystem)


NOT_SURE = "not_sure"


@dataclass(frozen=True)
class LevelChoice:
    """A radio button's label: the level, and what it means for this indicator; without a
    level, the "not sure" choice."""

    level: Level | None
    descriptor: str

    @property
    def title(self) -> str:
        return self.level.label if self.level else str(_("Not sure"))

    def __str__(self) -> str:
        return f"{self.title}: {self.descriptor}" if self.descriptor else self.title


class LevelRadioSelect(forms.RadioSelect):
    """Radio buttons whose labels carry each level's descriptor for this indicator."""

    template_name = "continuum/widgets/level_radios.html"
    option_template_name = "continuum/widgets/level_option.html"


def _note(label: str, help_text: StrOrPromise, initial: str, *, rows: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        initial=initial,
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class StrandAnswerForm(forms.Form):
    """One page of a response: level, evidence and next step for each indicator of a strand.

    Every field is optional: a draft may be saved at any point. Submitting the whole
    response is where missing levels are refused.
    """

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        levels: list[Level],
        descriptors: dict[tuple[int, int], str],
        answers: dict[int, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.levels = {str(level.pk): level for level in levels}
        for indicator in indicators:
            answer = answers.get(indicator.pk)
            choices = [
                (str(level.pk), LevelChoice(level, descriptors.get((indicator.pk, level.pk), "")))
                for level in levels
            ]
            choices.append(
                (
                    NOT_SURE,
                    LevelChoice(
                        None, str(_("You cannot tell yet; it will not count in the median."))
                    ),
                )
            )
            if answer and answer.not_sure:
                initial = NOT_SURE
            elif answer and answer.level_id:
                initial = str(answer.level_id)
            else:
                initial = None
            self.fields[f"level_{indicator.pk}"] = forms.ChoiceField(
                label=f"{indicator.code}. {indicator.statement}",
                choices=choices,
                required=False,
                widget=LevelRadioSelect,
                initial=initial,
            )
            self.fields[f"evidence_{indicator.pk}"] = _note(
                _("Evidence for %(code)s") % {"code": indicator.code},
                _("What you have seen that supports this level."),
                answer.evidence if answer else "",
                rows=3,
            )
            self.fields[f"next_step_{indicator.pk}"] = _note(
                _("Next step for %(code)s") % {"code": indicator.code},
                _("One thing that would move this indicator up a level."),
                answer.next_step if answer else "",
                rows=2,
            )

    def groups(self) -> list[tuple[Indicator, Any, Any, Any]]:
        """Each indicator with its three fields, for one fieldset per indicator."""
        return [
            (
                indicator,
                self[f"level_{indicator.pk}"],
                self[f"evidence_{indicator.pk}"],
                self[f"next_step_{indicator.pk}"],
            )
            for indicator in self.indicators
        ]

    def answer_inputs(self) -> dict[Indicator, AnswerInput]:
        data = self.cleaned_data
        return {
            indicator: AnswerInput(
                level=self.levels.get(data.get(f"level_{indicator.pk}") or ""),
                evidence=data.get(f"evidence_{indicator.pk}", ""),
                next_step=data.get(f"next_step_{indicator.pk}", ""),
                not_sure=data.get(f"level_{indicator.pk}") == NOT_SURE,
            )
            for indicator in self.indicators
        }


class ConsensusForm(VersionedModelForm):
    level = forms.ModelChoiceField(
        label=_("Agreed level"),
        queryset=Level.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    class Meta:
        model = Consensus
        fields = ["level", "rationale"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, levels: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level_field: Any = self.fields["level"]
        level_field.label_from_instance = lambda level: f"{level.label} ({level.value})"
        if isinstance(levels, list):
            # Levels already loaded (a page with one form per indicator): the radios are
            # drawn from the list, so each form does not query the levels again.
            level_field.queryset = Level.objects.filter(pk__in=[level.pk for level in levels])
            level_field.choices = [
                (level.pk, level_field.label_from_instance(level)) for level in levels
            ]
        else:
            level_field.queryset = levels


class ComparisonForm(forms.Form):
    rounds = forms.ModelMultipleChoiceField(
        label=_("Rounds to compare"),
        queryset=Round.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Closed rounds of the same instrument, two or more."),
    )

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rounds_field: Any = self.fields["rounds"]
        rounds_field.queryset = (
            Round.objects.for_ecosystem(ecosystem).closed().select_related("version__instrument")
        )
        rounds_field.label_from_instance = lambda r: f"{r.title} ({r.period}, {r.version})"

    def clean_rounds(self) -> list[Round]:
        rounds = list(self.cleaned_data["rounds"])
        if len(rounds) < 2:
            raise forms.ValidationError(_("Choose at least two rounds to compare."))
        if len(rounds) > MAX_COMPARED_ROUNDS:
            raise forms.ValidationError(
                _("Choose at most %(count)s rounds.") % {"count": MAX_COMPARED_ROUNDS}
            )
        if len({r.version.instrument_id for r in rounds}) > 1:
            raise forms.ValidationError(_("Choose rounds of the same instrument."))
        return rounds
