"""Recording a connection of the Webs of Connection, and picking two years to compare."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ecosystem.concurrency import VersionedModelForm
from ecosystem.forms import date_input, select
from ecosystem.models import Ecosystem, Organization, User

from .models import Connection, Partner


class ConnectionForm(VersionedModelForm):
    """One select for the other end, organizations and partners in their own groups: the
    person recording a tie thinks "who with", not "which table"."""

    other_end = forms.ChoiceField(
        label=_("Connected with"),
        help_text=_("Another participating organization, or one of the community partners."),
        widget=select(),
        error_messages={
            "required": _("Choose who the organization is connected with."),
            "invalid_choice": _("Choose among this ecosystem's organizations and partners."),
        },
    )

    class Meta:
        model = Connection
        fields = ["organization", "other_end", "kind", "strength", "since", "notes"]
        widgets = {
            "organization": select(),
            "kind": select(),
            "strength": forms.RadioSelect,
            "since": date_input(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"organization": _("Organization")}
        help_texts = {
            "kind": _("What holds the tie together. Record a second connection for a second kind."),
            "strength": _("How much the two rely on each other today."),
            "since": _("When it began, as near as you know (optional)."),
            "notes": _("What they do together, who the contacts are, what could grow."),
        }
        error_messages = {
            "organization": {
                "required": _("Choose the organization."),
                "invalid_choice": _("Choose among this ecosystem's own organizations."),
            },
            "kind": {"required": _("Choose what kind of connection it is.")},
            "strength": {"required": _("Choose how strong the connection is.")},
        }

    def __init__(self, *args: Any, ecosystem: Ecosystem, user: User | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ecosystem = ecosystem
        self.user = user
        organizations = list(Organization.objects.for_ecosystem(ecosystem).order_by("name"))
        partners = list(Partner.objects.for_ecosystem(ecosystem).order_by("name"))
        organization_field = cast(forms.ModelChoiceField, self.fields["organization"])
        organization_field.queryset = Organization.objects.for_ecosystem(ecosystem)
        organization_field.choices = [("", gettext("Choose an organization"))] + [
            (org.pk, org.name) for org in organizations
        ]
        self.organizations = {org.pk: org for org in organizations}
        self.partners = {partner.pk: partner for partner in partners}
        cast(forms.ChoiceField, self.fields["other_end"]).choices = [
            ("", gettext("Choose an organization or a partner")),
            (gettext("Participating organizations"), [(f"o{o.pk}", o.name) for o in organizations]),
            (gettext("Community partners"), [(f"p{p.pk}", p.name) for p in partners]),
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", gettext("Choose a kind")),
            *Connection.Kind.choices,
        ]
        cast(forms.ChoiceField, self.fields["strength"]).choices = Connection.Strength.choices
        if self.instance.pk:
            self.initial["other_end"] = (
                f"o{self.instance.other_organization_id}"
                if self.instance.other_organization_id
                else f"p{self.instance.partner_id}"
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organization = cleaned.get("organization")
        other = cleaned.get("other_end") or ""
        self.instance.other_organization = None
        self.instance.partner = None
        if other.startswith("o") and other[1:].isdigit():
            self.instance.other_organization = self.organizations.get(int(other[1:]))
        elif other.startswith("p") and other[1:].isdigit():
            self.instance.partner = self.partners.get(int(other[1:]))
        if organization and self.instance.other_organization == organization:
            self.add_error(
                "other_end", _("An organization cannot be connected with itself: choose another.")
            )
        elif organization and cleaned.get("kind") and self._duplicate(organization, cleaned):
            self.add_error(
                "other_end",
                _(
                    "These two already have a connection of this kind. Change that one "
                    "instead, or choose another kind."
                ),
            )
        return cleaned

    def _duplicate(self, organization: Organization, cleaned: dict[str, Any]) -> bool:
        """The same two ends and kind, in either direction (ties have no direction)."""
        same = Connection.objects.for_ecosystem(self.ecosystem).filter(kind=cleaned["kind"])
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        other_org, partner = self.instance.other_organization, self.instance.partner
        if partner is not None:
            return same.filter(organization=organization, partner=partner).exists()
        return same.filter(
            Q(organization=organization, other_organization=other_org)
            | Q(organization=other_org, other_organization=organization)
        ).exists()

    def save(self, commit: bool = True) -> Connection:
        connection = cast(Connection, super().save(commit=False))
        connection.ecosystem = self.ecosystem
        if connection.pk is None:
            connection.created_by = self.user
        if commit:
            connection.save()
        return connection


class CompareForm(forms.Form):
    """Two years of the web side by side; "now" is the web as it stands today."""

    before = forms.ChoiceField(label=_("Earlier"), widget=select())
    after = forms.ChoiceField(label=_("Later"), widget=select())

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("now", gettext("Today"))] + [(str(year), str(year)) for year in years]
        for name in ("before", "after"):
            cast(forms.ChoiceField, self.fields[name]).choices = choices
        if years:
            self.fields["before"].initial = str(years[0])
            self.fields["after"].initial = "now"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("before") and cleaned.get("before") == cleaned.get("after"):
            self.add_error("after", _("Choose two different years to compare."))
        return cleaned
