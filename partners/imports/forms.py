"""Forms of the CSV import: the upload, and the check of one row.

A row is checked by the partner form itself (``PartnerForm``), so an imported partner
obeys the same rules as one typed in: the same required fields, lengths, web address and
email checks, and the rule that a contact's details need the contact's name. Only what
a spreadsheet cannot do like a form differs: the library lead is named by email, and the
existing names are looked up once per file instead of once per row.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from ecosystem.models import User, normalize_email

from ..forms import PartnerForm
from ..models import Formalization, Phase, Sector, Stage

CHOICES: dict[str, Any] = {
    "sector": Sector,
    "stage": Stage,
    "phase": Phase,
    "formalization": Formalization,
}


def fold(name: str) -> str:
    """Names compared the way people read them: case and spacing do not count."""
    return " ".join(name.split()).casefold()


def labels_text(choices: Any) -> str:
    return str(get_text_list([str(label) for label in choices.labels], gettext("or")))


@cache
def choice_messages(language: str | None) -> dict[str, dict[str, str]]:
    """What a missing or unknown sector, stage, phase or formalization is told, worked
    out once per language rather than once per row of a 2,000-row file."""
    messages = {}
    for column, choices in CHOICES.items():
        allowed = labels_text(choices)
        messages[column] = {
            "required": gettext("Give one of: %(allowed)s.") % {"allowed": allowed},
            # Django fills in %(value)s; the list of allowed words is filled in now.
            "invalid_choice": gettext("“%%(value)s” is not one we know. Use one of: %(allowed)s.")
            % {"allowed": allowed},
        }
    return messages


class LeadEmailField(forms.CharField):
    """The library lead, named by a member's email address."""

    def __init__(self, members: dict[str, User], **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.members = members

    def clean(self, value: Any) -> User | None:
        email = normalize_email(super().clean(value) or "")
        if not email:
            return None
        member = self.members.get(email)
        if member is None:
            raise ValidationError(
                _(
                    "No member of this ecosystem has the email address “%(email)s”. Leave it "
                    "empty, or invite that person first."
                ),
                code="unknown_lead",
                params={"email": email},
            )
        return member


class ImportRowForm(PartnerForm):
    """One row of the file, checked as the partner form checks a partner typed in."""

    def __init__(
        self,
        data: dict[str, str],
        *,
        ecosystem: Any,
        taken: dict[str, str],
        members: dict[str, User],
    ) -> None:
        super().__init__(data, ecosystem=ecosystem)
        # Existing partners' names, folded: looked up once for the whole file.
        self.taken = taken
        self.fields["library_lead"] = LeadEmailField(members)
        self.fields["name"].error_messages["required"] = _("Every row needs a name.")
        for column, messages in choice_messages(get_language()).items():
            self.fields[column].error_messages.update(messages)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        existing = self.taken.get(fold(name))
        if existing is not None:
            raise ValidationError(
                _(
                    "%(name)s is already a partner here (as “%(existing)s”). Leave this row out, "
                    "or edit that partner instead."
                ),
                params={"name": name, "existing": existing},
                code="duplicate",
            )
        return name


class PartnerImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A spreadsheet saved as “CSV UTF-8”, at most 2 MB and 2,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        # An empty file is refused by the reader, with a message that says how to fix it.
        allow_empty_file=True,
        error_messages={
            "required": _("Choose the CSV file to import."),
            "invalid": _("No file came with the form. Choose the file again."),
        },
    )
