"""Forms for partner records: the record itself, its contacts, moving it along the stages,
and ending it; and the filters of the list and the board."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django import forms
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecosystem.concurrency import VersionedModelForm
from ecosystem.forms import SearchFilterSet, date_input, select
from ecosystem.models import Ecosystem, User
from ecosystem.validators import validate_single_line

from .models import (
    PHASE_EXPLANATIONS,
    STAGE_EXPLANATIONS,
    Contact,
    Partner,
    Phase,
    Sector,
    Stage,
)


def members_of(ecosystem: Ecosystem) -> QuerySet[User]:
    return User.objects.filter(memberships__ecosystem=ecosystem).order_by("full_name", "email")


class LeadChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


def explained(choices: Any, explanations: dict[Any, Any]) -> list[tuple[str, str]]:
    """Radio labels that say what each stage or phase means."""
    return [(value, f"{label} — {explanations[value]}") for value, label in choices]


class PartnerForm(VersionedModelForm):
    """The partner record. Adding a partner may name its first contact in the same step;
    further contacts are added on the partner's page."""

    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("For example www.example.org; we add https:// if it is missing."),
        validators=[validate_single_line],
    )
    contact_name = forms.CharField(
        label=_("Name"), max_length=150, required=False, validators=[validate_single_line]
    )
    contact_role = forms.CharField(
        label=_("Role"), max_length=150, required=False, validators=[validate_single_line]
    )
    contact_email = forms.EmailField(
        label=_("Email"), required=False, validators=[validate_single_line]
    )
    contact_phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, validators=[validate_single_line]
    )

    CONTACT_FIELDS = ("contact_name", "contact_role", "contact_email", "contact_phone")

    class Meta:
        model = Partner
        fields = [
            "name",
            "sector",
            "website",
            "library_lead",
            "partner_needs",
            "library_interest",
            "interests",
            "expertise",
            "library_brings",
            "shared_goal",
            "stage",
            "phase",
            "formalization",
        ]
        field_classes = {"library_lead": LeadChoiceField}
        widgets = {
            "partner_needs": forms.Textarea(attrs={"rows": 3}),
            "library_interest": forms.Textarea(attrs={"rows": 3}),
            "interests": forms.Textarea(attrs={"rows": 3}),
            "expertise": forms.Textarea(attrs={"rows": 3}),
            "library_brings": forms.Textarea(attrs={"rows": 3}),
            "shared_goal": forms.Textarea(attrs={"rows": 2}),
            "stage": forms.RadioSelect,
            "phase": forms.RadioSelect,
        }
        help_texts = {
            "partner_needs": _("Their need: what working with libraries could do for them."),
            "library_interest": _(
                "Our interest: what the library wants to achieve that this need fits. A "
                "partnership takes root where the two meet."
            ),
            "interests": _("Anything else they care about that the work could touch."),
            "expertise": _("Skills, knowledge, reach or resources they could bring."),
            "library_brings": _("Spaces, collections, staff, audiences, trust…"),
            "shared_goal": _("What you mean to achieve together, in a sentence or two."),
            "formalization": _("How the partnership is agreed. Attach the document on its page."),
        }

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ecosystem = ecosystem
        lead = cast(forms.ModelChoiceField[User], self.fields["library_lead"])
        lead.queryset = members_of(ecosystem)
        lead.empty_label = _("Nobody yet")
        cast(forms.ChoiceField, self.fields["sector"]).choices = [
            ("", _("Choose a sector")),
            *Sector.choices,
        ]
        cast(forms.ChoiceField, self.fields["stage"]).choices = explained(
            Stage.choices, STAGE_EXPLANATIONS
        )
        cast(forms.ChoiceField, self.fields["phase"]).choices = explained(
            Phase.choices, PHASE_EXPLANATIONS
        )
        if self.instance.pk:
            # Contacts of a saved partner are kept on its page, one by one.
            for name in self.CONTACT_FIELDS:
                del self.fields[name]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        duplicates = Partner.objects.for_ecosystem(self.ecosystem).filter(name__iexact=name)
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(
                _("%(name)s is already a partner here. Choose another name, or edit that one."),
                params={"name": name},
                code="duplicate",
            )
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        named = cleaned.get("contact_name")
        if not named and any(cleaned.get(field) for field in self.CONTACT_FIELDS[1:]):
            self.add_error(
                "contact_name", _("Give the contact's name, or clear their other details.")
            )
        return cleaned

    def save(self, commit: bool = True) -> Partner:
        self.instance.ecosystem = self.ecosystem
        partner: Partner = super().save(commit)
        return partner

    def save_all(self) -> Partner | None:
        """Save the partner (and, when adding, its first contact) together; None if someone
        else saved the partner since this edit began."""
        with transaction.atomic():
            partner = self.save_checked()
            if partner is not None and self.cleaned_data.get("contact_name"):
                Contact.objects.create(
                    partner=partner,
                    name=self.cleaned_data["contact_name"],
                    role=self.cleaned_data.get("contact_role", ""),
                    email=self.cleaned_data.get("contact_email", ""),
                    phone=self.cleaned_data.get("contact_phone", ""),
                )
        return partner

    def contact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CONTACT_FIELDS if name in self.fields]

    def record_fields(self) -> list[forms.BoundField]:
        skip = {"version", "stage", "phase", *self.CONTACT_FIELDS}
        return [field for field in self.visible_fields() if field.name not in skip]


class ContactForm(VersionedModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone"]


class MoveForm(forms.Form):
    """Move a partner to another stage: the board's keyboard-friendly stand-in for dragging."""

    stage = forms.ChoiceField(label=_("Move to stage"), choices=Stage.choices, widget=select())
    version = forms.IntegerField(widget=forms.HiddenInput)


class EndForm(VersionedModelForm):
    """Ending a partnership records why, and what the ecosystem learned from it."""

    class Meta:
        model = Partner
        fields = ["ended_on", "ending_reason", "lessons_learned"]
        widgets = {
            "ended_on": date_input(),
            "ending_reason": forms.Textarea(attrs={"rows": 3}),
            "lessons_learned": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "ending_reason": _("Why it ends: the goal is met, interests drifted apart, …"),
            "lessons_learned": _(
                "What to repeat or avoid next time. Others will read this before they start "
                "a similar partnership."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].required = True
        self.fields["ended_on"].initial = timezone.localdate()
        self.fields["ending_reason"].required = True
        self.fields["lessons_learned"].required = True

    def clean_ended_on(self) -> Any:
        ended_on = self.cleaned_data["ended_on"]
        if ended_on > timezone.localdate():
            raise forms.ValidationError(
                _("The end date cannot be in the future. Pause the partnership until then.")
            )
        return ended_on

    def save(self, commit: bool = True) -> Partner:
        self.instance.status = Partner.Status.ENDED
        partner: Partner = super().save(commit)
        return partner


class LeadFilter(django_filters.ModelChoiceFilter):
    field_class = LeadChoiceField


class PartnerFilter(SearchFilterSet):
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), empty_label=_("All sectors"), choices=Sector.choices, widget=select()
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), empty_label=_("All stages"), choices=Stage.choices, widget=select()
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase"), empty_label=_("All phases"), choices=Phase.choices, widget=select()
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=_("Any status"),
        choices=Partner.Status.choices,
        widget=select(),
    )
    lead = LeadFilter(
        label=_("Library lead"),
        field_name="library_lead",
        empty_label=_("Anyone"),
        queryset=User.objects.none(),
        widget=select(),
    )
    search_hint = _("Name, goal, interests, contact…")

    class Meta:
        model = Partner
        fields = ["q", "sector", "stage", "phase", "status", "lead"]

    def __init__(self, *args: Any, ecosystem: Ecosystem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the members who lead a partner here: choosing anyone else finds nothing.
        self.filters["lead"].queryset = (
            members_of(ecosystem).filter(led_partners__ecosystem=ecosystem).distinct()
        )

    def is_filtered(self) -> bool:
        return any(self.form[name].value() for name in self.Meta.fields)

    def described(self) -> list[str]:
        """The filters in words, for a printed copy of a filtered list."""
        if not self.is_valid():
            return []
        words = []
        for name in ("sector", "stage", "phase", "status"):
            if value := self.form.cleaned_data.get(name):
                field = cast(forms.ChoiceField, self.form.fields[name])
                words.append(str(dict(cast(Any, field.choices))[value]))
        if lead := self.form.cleaned_data.get("lead"):
            words.append(str(_("led by %(name)s") % {"name": lead.get_full_name() or lead}))
        if text := (self.form.cleaned_data.get("q") or "").strip():
            words.append(str(_("matching “%(text)s”") % {"text": text}))
        return words


class BoardFilter(PartnerFilter):
    """The board shows every stage side by side, so it filters by everything but stage."""

    class Meta(PartnerFilter.Meta):
        fields = ["q", "sector", "phase", "status", "lead"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # Active partners unless the user asks otherwise: the board is for tending them.
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = Partner.Status.ACTIVE
        super().__init__(data, *args, **kwargs)
        del self.filters["stage"]  # before the form is built from the filters
