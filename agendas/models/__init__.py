"""Agendas' records, one module per subject: cycles and each organization's input, the
agenda built from it (issues, priorities, scores, the published agenda and sign-ons), the
year-round plan, and the value fact sheets.

Django finds an app's models here, so every model is imported below; ``new_feed_token``
too, because migrations name it as ``agendas.models.new_feed_token``.
"""

from agendas.models.agenda import (
    AdvocacyIssue,
    AskKind,
    Criterion,
    GovernmentLevel,
    LegislativeIssue,
    Priority,
    PublishedAgenda,
    Score,
    SignOn,
    Urgency,
)
from agendas.models.cycles import AgendaCycle, Submission
from agendas.models.factsheets import FactSheet, FactSheetLine, ValueCategory
from agendas.models.plan import CalendarFeed, PlanTask, TaskTemplate, new_feed_token

__all__ = [
    "AdvocacyIssue",
    "AgendaCycle",
    "AskKind",
    "CalendarFeed",
    "Criterion",
    "FactSheet",
    "FactSheetLine",
    "GovernmentLevel",
    "LegislativeIssue",
    "PlanTask",
    "Priority",
    "PublishedAgenda",
    "Score",
    "SignOn",
    "Submission",
    "TaskTemplate",
    "Urgency",
    "ValueCategory",
    "new_feed_token",
]
