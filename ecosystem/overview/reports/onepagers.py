"""The promotional one-pagers: shared wording (edited in the admin) filled with one
ecosystem's own figures.

The wording is Markdown with ``{placeholder}`` tokens. Tokens are replaced by a single
regular-expression pass over a fixed table (``ONE_PAGER_PLACEHOLDERS``), never by Django's template
engine or ``str.format``: an administrator's text cannot reach code, and a token nobody
knows stays as it was typed, so a typo shows on the page instead of failing. Names people
typed (organizations, priorities) are escaped for Markdown and HTML before they join the
text, and the HTML Markdown makes is sanitized before it reaches the PDF renderer.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import markdown  # type: ignore[import-untyped]
import nh3
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agendas.models import PublishedAgenda, SignOn
from continuum.models import InstrumentVersion, Strand
from ecosystem.models import Ecosystem, OnePager, Organization
from ecosystem.models.reports import ONE_PAGER_PLACEHOLDERS
from partners.models import Partner, Stage
from partners.progress.strands import CONTINUUM

TEMPLATE = "ecosystem/reports/onepager.html"

# A partner counts once the relationship is two-way: from "common goal, common language" on.
# At "building relationships" nothing has happened together yet.
COUNTED_STAGES = [stage for stage in Stage if stage != Stage.BUILDING]

TOKEN = re.compile(r"\{([a-z_]+)\}")
# Python-Markdown's backslash escapes (Markdown().ESCAPED_CHARS); "<" and "&" are not among
# them, so those become HTML entities first.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote",
    "hr", "a", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# --- The ecosystem's figures ------------------------------------------------------------------


@dataclass
class Figures:
    ecosystem: str
    region: str
    organization_count: int
    # (kind label, how many), in the order of Organization.Kind
    kinds: list[tuple[str, int]] = field(default_factory=list)
    organization_names: list[str] = field(default_factory=list)
    partner_count: int = 0
    agenda_title: str = ""
    agenda_published: bool = False
    # The organizations that signed on to that agenda, by name: the only ones a handout
    # may name as standing behind it.
    signer_names: list[str] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)
    strands: list[str] = field(default_factory=list)

    @property
    def kind_count(self) -> int:
        return len(self.kinds)

    def kind_groups(self) -> list[tuple[str, int, list[tuple[str, int]]]]:
        """(group, how many, [(kind, how many)]) for the groups of Organization.KIND_GROUPS
        that have members: five lines at most, however many kinds take part."""
        counts = dict(self.kinds)
        groups = []
        for group, kinds in Organization.KIND_GROUPS:
            present = [
                (str(kind.label), counts[str(kind.label)])
                for kind in kinds
                if str(kind.label) in counts
            ]
            if present:
                groups.append((str(group), sum(count for _label, count in present), present))
        return groups

    @property
    def priority_count(self) -> int:
        return len(self.priorities)

    @property
    def signed_count(self) -> int:
        return len(self.signer_names)


def ecosystem_figures(ecosystem: Ecosystem) -> Figures:
    """The figures every one-pager may use: five queries, however big the ecosystem."""
    names: list[str] = []
    counts: dict[str, int] = {}
    organizations = Organization.objects.for_ecosystem(ecosystem).order_by("name")
    for kind, name in organizations.values_list("kind", "name"):
        names.append(name)
        counts[kind] = counts.get(kind, 0) + 1
    kinds = [(str(kind.label), counts[kind.value]) for kind in Organization.Kind if kind in counts]
    partner_count = (
        Partner.objects.for_ecosystem(ecosystem).active().filter(stage__in=COUNTED_STAGES).count()
    )
    agenda = (
        PublishedAgenda.objects.filter(cycle__ecosystem=ecosystem)
        .select_related("cycle")
        .order_by("-published_at", "-pk")
        .first()
    )
    priorities = []
    signer_names: list[str] = []
    if agenda is not None:
        signer_names = list(
            SignOn.objects.filter(agenda=agenda)
            .order_by("organization__name")
            .values_list("organization__name", flat=True)
        )
        # The agenda as it was published (a frozen copy), in rank order. Priorities nobody
        # scored were published with no rank: they come last.
        ranked = sorted(
            agenda.content.get("priorities", []),
            key=lambda p: (p.get("rank") is None, p.get("rank") or 0),
        )
        priorities = [str(priority.get("title", "")) for priority in ranked]
    return Figures(
        ecosystem=ecosystem.name,
        region=ecosystem.region or ecosystem.name,
        organization_count=len(names),
        kinds=kinds,
        organization_names=names,
        partner_count=partner_count,
        agenda_title=agenda.content.get("title", str(agenda.cycle)) if agenda else "",
        agenda_published=agenda is not None,
        signer_names=signer_names,
        priorities=priorities,
        strands=continuum_strand_names(),
    )


def continuum_strand_names() -> list[str]:
    """The strands of the latest published Ecosystem Continuum, in one query."""
    rows = Strand.objects.filter(
        version__instrument__slug=CONTINUUM,
        version__status=InstrumentVersion.Status.PUBLISHED,
    ).order_by("-version__number", "position", "pk")
    latest = None
    names = []
    for version_id, name in rows.values_list("version_id", "name"):
        if latest is None:
            latest = version_id
        if version_id != latest:
            break
        names.append(name)
    return names


# --- Filling in the placeholders --------------------------------------------------------------


@dataclass
class ListValue:
    """A token that stands for a list: in the body, Markdown bullets, numbers or (inline) a
    phrase such as "A, B and C"; always that phrase in the title and tagline. ``empty`` is
    printed instead when there is nothing to list."""

    items: list[str]
    empty: str
    style: str = "bullets"  # "bullets", "numbers" or "inline"


Value = str | ListValue


def placeholder_values(figures: Figures) -> dict[str, Value]:
    values: dict[str, Value] = {
        "ecosystem": figures.ecosystem,
        "region": figures.region,
        "organization_count": str(figures.organization_count),
        "kind_count": str(figures.kind_count),
        "organizations_by_kind": ListValue(
            [
                _("%(group)s (%(count)s): %(kinds)s")
                % {
                    "group": group,
                    "count": total,
                    "kinds": ", ".join(f"{kind} ({count})" for kind, count in kinds),
                }
                for group, total, kinds in figures.kind_groups()
            ],
            empty=_("No organizations have joined yet."),
        ),
        "organization_names": ListValue(
            figures.organization_names, empty=_("no organizations yet"), style="inline"
        ),
        "partner_count": str(figures.partner_count),
        "signed_count": str(figures.signed_count),
        "sign_on_summary": sign_on_summary(figures),
        "signers": ListValue(figures.signer_names, empty=""),
        "agenda_title": figures.agenda_title or _("still to be agreed"),
        "priority_count": str(figures.priority_count),
        "agenda_priorities": ListValue(
            figures.priorities,
            empty=_("The ecosystem has not published a shared agenda yet."),
            style="numbers",
        ),
        "strands": get_text_list(figures.strands, _("and")),
    }
    assert values.keys() == ONE_PAGER_PLACEHOLDERS.keys()
    return values


def sign_on_summary(figures: Figures) -> str:
    """Who stands behind the agenda, in one true sentence: never more than signed on."""
    if not figures.agenda_published:
        return _(
            "%(ecosystem)s has not published a shared agenda yet, so no organization has "
            "signed on to one."
        ) % {"ecosystem": figures.ecosystem}
    if not figures.signer_names:
        return _("No organization has signed on to the published agenda yet.")
    return ngettext(
        "%(signed)s of %(count)s participating organization signed on to the published agenda:",
        "%(signed)s of %(count)s participating organizations signed on to the published agenda:",
        figures.organization_count,
    ) % {"signed": figures.signed_count, "count": figures.organization_count}


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that reads back as exactly ``text``: no markup, no HTML."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))


def fill_in(text: str, values: dict[str, Value], *, as_markdown: bool) -> str:
    """Replace the known ``{tokens}`` of ``text`` in one pass; leave the others as typed.

    Values are never scanned again, so a name containing "{ecosystem}" stays as it is.
    Plain text (``as_markdown=False``) is escaped later, by the template."""

    def replace(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        if value is None:
            return match.group(0)
        if not isinstance(value, ListValue):
            return escape_markdown(value) if as_markdown else value
        escape = escape_markdown if as_markdown else str
        if not value.items:
            text = escape(value.empty)
            return text if value.style == "inline" or not as_markdown else f"\n\n{text}\n\n"
        if value.style == "inline" or not as_markdown:
            return get_text_list([escape(item) for item in value.items], _("and"))
        lines = [
            (f"{number}. " if value.style == "numbers" else "- ") + escape(item)
            for number, item in enumerate(value.items, start=1)
        ]
        # A list needs a blank line before and after it to stand on its own.
        return "\n\n" + "\n".join(lines) + "\n\n"

    return TOKEN.sub(replace, text)


def markdown_to_safe_html(text: str) -> SafeString:
    rendered = markdown.markdown(text, output_format="html")
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
    )
    return mark_safe(cleaned)  # noqa: S308 -- sanitized by nh3 to the tags above, just now


# --- The handout ------------------------------------------------------------------------------


def default_onepager(slug: str) -> OnePager:
    """The shipped wording, unsaved: what the migration installs, and the fallback when a
    database has lost its copy (a test database flushed by a browser test)."""
    title, tagline, body = DEFAULTS[slug]
    return OnePager(slug=slug, title=title, tagline=tagline, body=body)


def onepager_context(ecosystem: Ecosystem, onepager: OnePager) -> dict[str, Any]:
    figures = ecosystem_figures(ecosystem)
    values = placeholder_values(figures)
    return {
        "ecosystem": ecosystem,
        "records_date": timezone.localdate(),
        "onepager": onepager,
        "title": fill_in(onepager.title, values, as_markdown=False),
        "tagline": fill_in(onepager.tagline, values, as_markdown=False),
        "body": markdown_to_safe_html(fill_in(onepager.body, values, as_markdown=True)),
        "figures": figures,
    }


def load_defaults(apps: Any) -> None:
    """Install the shipped wording of the handouts that are missing (migration 0003);
    wording already there, perhaps edited, is left alone."""
    model = apps.get_model("ecosystem", "OnePager")
    for slug, (title, tagline, body) in DEFAULTS.items():
        model.objects.get_or_create(
            slug=slug, defaults={"title": title, "tagline": tagline, "body": body}
        )


# The shipped wording: toolkit content, like the rubric's, edited afterwards in the admin.
RECIPE_BODY = """\
A library ecosystem is every library in {region} working as one network, with the people, \
associations, Friends, trustees and foundations that support them. Each serves people at a \
different moment of their lives: when one grows stronger, all of them do.

## Ingredients

{organization_count} participating organizations of {kind_count} different kinds:

{organizations_by_kind}

Stir in {partner_count} community partners who share our goals.

## Method

1. **Leadership.** Invite every kind of library to the table, and let each lead where it \
knows best.
2. **Communication.** Share news openly, inside each organization and across all of them, \
until everyone tells the same story.
3. **Collaboration.** Build one agenda together, from each organization's input to the \
priorities we rank as a group.
4. **Sustainability.** Keep the door open to newcomers, share the work fairly, and check the \
ecosystem's health every year.

## Serves

Everyone, at every age: children and students from kindergarten to graduate school, \
families, job seekers, businesses, researchers, and the officials who decide for {region}.
"""

ONE_VOICE_BODY = """\
Public, school, academic, special and tribal libraries each speak for the people they \
serve. One at a time, they are easy to overlook. The {organization_count} participating \
organizations of {ecosystem} work out one agenda together, so that each can carry the same \
message.

## Our shared priorities: {agenda_title}

{agenda_priorities}

## How we reach one voice

- Every organization brings its own concerns, figures and stories.
- We merge what overlaps, rank the issues together and publish a single agenda.
- Each organization decides whether to sign on; those that do carry the same message, in \
their own words, to their own officials.

## Who stands behind it

{sign_on_summary}

{signers}

Beside them, {partner_count} active community partners share a goal with us; partnerships \
still at first contact are not counted.
"""

# What ONE_VOICE_BODY said before the handout named only the organizations that signed on
# (migration ecosystem 0007 replaces it where nobody edited it).
ONE_VOICE_BODY_BEFORE_SIGN_ONS = """\
Public, school, academic, special and tribal libraries each speak for the people they \
serve. One at a time, they are easy to overlook. Together, the {organization_count} \
organizations of {ecosystem} are heard in every district.

## Our shared priorities: {agenda_title}

{agenda_priorities}

## How we reach one voice

- Every organization brings its own concerns, figures and stories.
- We merge what overlaps, rank the issues together and publish a single agenda.
- Each organization signs on and carries the same message, in its own words, to its own \
officials.

## Who stands behind it

{organization_names}, with {partner_count} community partners.
"""

DEFAULTS: dict[str, tuple[str, str, str]] = {
    OnePager.Name.RECIPE.value: (
        "A strong library ecosystem recipe",
        "What {ecosystem} mixes together so that every library grows stronger.",
        RECIPE_BODY,
    ),
    OnePager.Name.ONE_VOICE.value: (
        "One voice magnifies the message",
        "When every kind of library asks for the same thing, decision makers listen.",
        ONE_VOICE_BODY,
    ),
}
