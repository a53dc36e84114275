"""The columns a partner CSV may have: their headers and aliases, and the defaults of the
ones left empty."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models import Partner


@dataclass(frozen=True)
class Column:
    key: str  # the partner form's field
    header: str  # as the sample file writes it
    explanation: Any  # lazily translated
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS = [
    Column("name", "name", _("The partner's name, not yet used in this ecosystem."), (), True),
    Column(
        "sector",
        "sector",
        _(
            "Government, Nonprofit, Business, Education, Health, Media, Faith community, "
            "Philanthropy or Other."
        ),
        (),
        True,
    ),
    Column("website", "website", _("A web address; https:// is added if missing."), ("web",)),
    Column(
        "stage",
        "stage",
        _(
            "Building relationships (if empty), Common goal, common language, Supportive roles "
            "or Strategic collaboration."
        ),
        ("relationship stage",),
    ),
    Column(
        "phase",
        "phase",
        _(
            "Planting seeds (if empty), Nurturing seedlings, Harvesting the bounty or Resting "
            "the garden."
        ),
        ("garden phase",),
    ),
    Column(
        "formalization",
        "formalization",
        _(
            "Handshake (if empty), Proposal, Letter of commitment, Memorandum of understanding "
            "or Contract."
        ),
        ("formalized", "how it is formalized"),
    ),
    Column(
        "library_lead",
        "library lead",
        _("The email address of the member who tends the relationship."),
        ("lead", "library lead email", "lead email"),
    ),
    Column("partner_needs", "partner needs", _("What the partner needs."), ("needs",)),
    Column(
        "library_interest",
        "library interest",
        _("What the library is interested in: the interest the partner's need meets."),
        ("our interest",),
    ),
    Column("interests", "interests", _("What the partner is interested in.")),
    Column("expertise", "expertise", _("The expertise it brings.")),
    Column("library_brings", "library brings", _("What the library brings.")),
    Column("shared_goal", "shared goal", _("What you mean to achieve together."), ("goal",)),
    Column("contact_name", "contact name", _("One contact person, optional."), ("contact",)),
    Column("contact_role", "contact role", _("Their role.")),
    Column("contact_email", "contact email", _("Their email address.")),
    Column("contact_phone", "contact phone", _("Their phone number.")),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}


def partner_field(name: str) -> models.Field[Any, Any]:
    found = Partner._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


# An empty stage, phase or formalization takes the model's default, as a new partner does.
DEFAULTS = {name: partner_field(name).get_default() for name in ("stage", "phase", "formalization")}


def header_key(text: str) -> str:
    """'Library_Lead ' and 'library-lead' both read as 'library lead'."""
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


HEADERS = {
    header_key(alias): column.key
    for column in COLUMNS
    for alias in (column.header, column.key, *column.aliases)
}
