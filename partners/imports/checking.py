"""Checking every row of a read CSV as the partner form would, and flagging names used
twice in the file."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext

from ecosystem.models import Ecosystem, User, normalize_email

from ..forms import members_of
from ..models import Partner
from .columns import COLUMN_BY_KEY, COLUMNS, DEFAULTS
from .forms import CHOICES, ImportRowForm, fold
from .reading import Deadline


def choice_value(choices: Any, typed: str) -> str:
    """A choice's value from its value or its label, in any case: "Nonprofit", "nonprofit"."""
    wanted = fold(typed)
    for value, label in choices.choices:
        if wanted in (fold(value), fold(str(label))):
            return str(value)
    return typed  # the form says it is not one we know


def _form_data(data: dict[str, str]) -> dict[str, str]:
    prepared = {column.key: data.get(column.key, "") for column in COLUMNS}
    for key, choices in CHOICES.items():
        typed = prepared[key]
        if typed:
            prepared[key] = choice_value(choices, typed)
        elif key in DEFAULTS:
            prepared[key] = str(DEFAULTS[key])
    return prepared


@dataclass
class CheckedRow:
    line: int
    data: dict[str, str]
    errors: list[str]
    raw: str = ""
    form: ImportRowForm | None = None

    @property
    def valid(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        stored: dict[str, Any] = {"line": self.line, "errors": self.errors}
        if self.form is None:
            stored["raw"] = self.raw
        else:
            stored["data"] = self.data
            if self.valid:
                stored["cleaned"] = _cleaned(self.form)
        return stored


def _cleaned(form: ImportRowForm) -> dict[str, str]:
    cleaned = {}
    for column in COLUMNS:
        value = form.cleaned_data.get(column.key)
        if isinstance(value, User):
            value = value.email
        cleaned[column.key] = "" if value is None else str(value)
    return cleaned


def _field_errors(form: ImportRowForm) -> list[str]:
    errors = []
    for key, messages in form.errors.items():
        column = COLUMN_BY_KEY.get(key)
        for message in messages:
            if column is None:
                errors.append(str(message))
            else:
                errors.append(
                    gettext("%(column)s: %(message)s")
                    % {"column": column.header, "message": message}
                )
    return errors


def check_rows(
    ecosystem: Ecosystem, rows: list[dict[str, Any]], deadline: Deadline | None = None
) -> list[CheckedRow]:
    """Check every row against this ecosystem as it is now; refused (ValidationError) if
    the deadline passes first. The names and members are read once for the whole file;
    each row that names a library lead still costs one query, the model's own check that
    the person exists."""
    taken = {
        fold(name): name
        for name in Partner.objects.for_ecosystem(ecosystem).values_list("name", flat=True)
    }
    members = {normalize_email(user.email): user for user in members_of(ecosystem)}
    checked: list[CheckedRow] = []
    for row in rows:
        if deadline is not None:
            deadline.check()  # each row runs a whole form
        if "data" not in row:  # a line that did not parse keeps its problem
            checked.append(CheckedRow(row["line"], {}, list(row["errors"]), raw=row["raw"]))
            continue
        form = ImportRowForm(
            _form_data(row["data"]), ecosystem=ecosystem, taken=taken, members=members
        )
        form.is_valid()
        checked.append(CheckedRow(row["line"], row["data"], _field_errors(form), form=form))
    _flag_names_used_twice(checked)
    return checked


def _flag_names_used_twice(rows: list[CheckedRow]) -> None:
    lines_by_name: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        name = fold(row.data.get("name", ""))
        if name:
            lines_by_name[name].append(row.line)
    for row in rows:
        lines = lines_by_name.get(fold(row.data.get("name", "")), [])
        others = [str(line) for line in lines if line != row.line]
        if others:
            row.errors.append(
                ngettext(
                    "%(name)s is also on line %(lines)s. Keep one row per partner.",
                    "%(name)s is also on lines %(lines)s. Keep one row per partner.",
                    len(others),
                )
                % {"name": row.data["name"].strip(), "lines": get_text_list(others, gettext("and"))}
            )
