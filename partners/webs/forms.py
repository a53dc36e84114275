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

from ..models import Partner
from .models import Connection


class ActorField(forms.ChoiceField):
    """An organization ("o12") or a partner ("p3") of the ecosystem, in one select. A bare
    number is an organization: links such as ``?organization=12`` name one that way."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return f"o{text}" if text.isdigit() else text


class ConnectionForm(VersionedModelForm):
    """Two selects, one per end, each offering organizations and partners in their own
    groups: the person recording a tie thinks "who with whom", not "which table". Whatever
    order the ends are chosen in, the tie is stored one way (see ``Connection``)."""

    organization = ActorField(
        label=_("One side"),
        help_text=_("A participating organization, or one of the community partners."),
        widget=select(),
        error_messages={
            "required": _("Choose the organization or partner."),
            "invalid_choice": _("Choose among this ecosystem's organizations and partners."),
        },
    )
    other_end = ActorField(
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
        fields = ["kind", "strength", "since", "notes"]
        widgets = {
            "kind": select(),
            "strength": forms.RadioSelect,
            "since": date_input(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "kind": _("What holds the tie together. Record a second connection for a second kind."),
            "strength": _("How much the two rely on each other today."),
            "since": _("When it began, as near as you know (optional)."),
            "notes": _("What they do together, who the contacts are, what could grow."),
        }
        error_messages = {
            "kind": {"required": _("Choose what kind of connection it is.")},
            "strength": {"required": _("Choose how strong the connection is.")},
        }

    field_order = ["organization", "other_end", "kind", "strength", "since", "notes"]

    def __init__(self, *args: Any, ecosystem: Ecosystem, user: User | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ecosystem = ecosystem
        self.user = user
        organizations = list(Organization.objects.for_ecosystem(ecosystem).order_by("name"))
        partners = list(Partner.objects.for_ecosystem(ecosystem).order_by("name"))
        self.organizations = {org.pk: org for org in organizations}
        self.partners = {partner.pk: partner for partner in partners}
        groups = [
            (gettext("Participating organizations"), [(f"o{o.pk}", o.name) for o in organizations]),
            (gettext("Community partners"), [(f"p{p.pk}", p.name) for p in partners]),
        ]
        cast(forms.ChoiceField, self.fields["organization"]).choices = [
            ("", gettext("Choose an organization or a partner")),
            *groups,
        ]
        cast(forms.ChoiceField, self.fields["other_end"]).choices = [
            ("", gettext("Choose an organization or a partner")),
            *groups,
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", gettext("Choose a kind")),
            *Connection.Kind.choices,
        ]
        cast(forms.ChoiceField, self.fields["strength"]).choices = Connection.Strength.choices
        if self.instance.pk:
            self.initial["organization"] = _key(self.instance.first_end)
            self.initial["other_end"] = _key(self.instance.other_end)
        elif self.initial.get("organization"):
            self.initial["organization"] = self.fields["organization"].to_python(
                self.initial["organization"]
            )

    def _actor(self, key: str) -> Organization | Partner | None:
        if key[1:].isdigit():
            if key.startswith("o"):
                return self.organizations.get(int(key[1:]))
            if key.startswith("p"):
                return self.partners.get(int(key[1:]))
        return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first = self._actor(cleaned.get("organization") or "")
        other = self._actor(cleaned.get("other_end") or "")
        if isinstance(first, Partner) and isinstance(other, Organization):
            first, other = other, first  # an organization is always the first end
        connection = self.instance
        connection.organization = first if isinstance(first, Organization) else None
        connection.first_partner = first if isinstance(first, Partner) else None
        connection.other_organization = other if isinstance(other, Organization) else None
        connection.partner = other if isinstance(other, Partner) else None
        if first is None or other is None:
            return cleaned
        # The records themselves, in the order stored: what a concurrent edit compares.
        cleaned["organization"], cleaned["other_end"] = first, other
        if first == other:
            self.add_error(
                "other_end",
                _("An organization or a partner cannot be connected with itself: choose another."),
            )
        elif cleaned.get("kind") and self._duplicate(cleaned["kind"]):
            self.add_error(
                "other_end",
                _(
                    "These two already have a connection of this kind. Change that one "
                    "instead, or choose another kind."
                ),
            )
        return cleaned

    def _duplicate(self, kind: str) -> bool:
        """The same two ends and kind, in either direction (ties have no direction)."""
        same = Connection.objects.for_ecosystem(self.ecosystem).filter(kind=kind)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        c = self.instance
        ends = {
            "organization": c.organization,
            "first_partner": c.first_partner,
            "other_organization": c.other_organization,
            "partner": c.partner,
        }
        swapped = {
            "organization": c.other_organization,
            "first_partner": c.partner,
            "other_organization": c.organization,
            "partner": c.first_partner,
        }
        return same.filter(Q(**ends) | Q(**swapped)).exists()

    def save(self, commit: bool = True) -> Connection:
        connection = cast(Connection, super().save(commit=False))
        connection.ecosystem = self.ecosystem
        if connection.pk is None:
            connection.created_by = self.user
        if commit:
            connection.save()
        return connection


def _key(actor: Organization | Partner | None) -> str:
    if isinstance(actor, Organization):
        return f"o{actor.pk}"
    if isinstance(actor, Partner):
        return f"p{actor.pk}"
    return ""


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
