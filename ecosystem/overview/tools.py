"""The toolkit's tools, as the ecosystem home page lists them.

A tool with a ``url_name`` links to its pages; the others are listed as coming, so
members can see the whole toolkit from the start. Each app fills in its own entry when
its pages exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tool:
    name: str | Promise
    description: str | Promise
    url_name: str | None = None
    url_kwargs: tuple[tuple[str, str], ...] = ()

    def url(self, ecosystem_slug: str) -> str | None:
        if self.url_name is None:
            return None
        return reverse(
            self.url_name, kwargs={"ecosystem_slug": ecosystem_slug, **dict(self.url_kwargs)}
        )


@dataclass(frozen=True)
class ToolGroup:
    title: str | Promise
    purpose: str | Promise
    tools: tuple[Tool, ...]


TOOL_GROUPS: tuple[ToolGroup, ...] = (
    ToolGroup(
        _("Get to know your ecosystem"),
        _("Who takes part, and how strong the ties between them are today."),
        (
            Tool(
                _("Participating organizations"),
                _("Every library, association and supporter in the ecosystem, by kind."),
                "ecosystem:organization_list",
            ),
            Tool(
                _("Members and roles"),
                _("The people who work in this space, the organization each speaks for."),
                "ecosystem:member_list",
            ),
            Tool(
                _("Ecosystem Continuum"),
                _(
                    "Rate the ecosystem on leadership, communication, collaboration and "
                    "sustainability, together, and see where members see it differently."
                ),
                "continuum:index",
            ),
            Tool(
                _("Self Assessment Checklist"),
                _("A quicker yes / partly / not yet check of the same four strands."),
                "continuum:instrument_detail",
                (("instrument", "self-assessment-checklist"),),
            ),
            Tool(
                _("Webs of Connection"),
                _("A map of who works with whom, and which library types are missing."),
                "partners:webs",
            ),
        ),
    ),
    ToolGroup(
        _("Build a shared agenda"),
        _("Turn each organization's concerns into one agenda all of them can stand behind."),
        (
            Tool(
                _("Agenda building"),
                _(
                    "Gather each organization's input, the legislative and public-facing "
                    "issues, and consolidate them into one voice."
                ),
                "agendas:index",
            ),
            Tool(
                _("Year Round Advocacy Checklist"),
                _("A year plan of advocacy tasks with owners, due dates and a calendar feed."),
                "agendas:plan",
            ),
            Tool(
                _("Value fact sheet"),
                _("What the library returns to its community, in dollars, on one page."),
                "agendas:factsheet_list",
            ),
        ),
    ),
    ToolGroup(
        _("Grow partnerships and track progress"),
        _("Tend community partnerships and keep a record of what the ecosystem achieves."),
        (
            Tool(
                _("Partners"),
                _(
                    "Community partners from first conversation to shared results: each "
                    "side's needs, every interaction, the harvest, and how healthy it is."
                ),
                "partners:partner_list",
            ),
            Tool(
                _("Recording progress"),
                _("Milestones and activities, tagged by strand, with the evidence behind them."),
                "partners:progress_list",
            ),
            Tool(
                _("Assessment of Ecosystem Progress"),
                _("Compare self-assessment rounds over the years and see what moved."),
                "continuum:comparison",
            ),
            Tool(
                _("Resource library"),
                _("Case studies, webinars and guides matched to the areas that need work."),
                "continuum:resource_list",
            ),
        ),
    ),
    ToolGroup(
        _("Print and share"),
        _("Take the work to a board meeting, a workshop or a legislator's office."),
        (
            Tool(
                _("Printable toolkit and reports"),
                _("A blank workshop kit and the coordinator's report of the year."),
                "ecosystem:reports",
            ),
            Tool(
                _("Promotional one-pagers"),
                _("Short handouts that explain the ecosystem, filled with your own figures."),
                "ecosystem:reports",
            ),
        ),
    ),
)
