"""What a request left behind: rows added, changed or removed in any table, tasks queued,
mail sent, files stored, messages waiting for the next page.

The permission matrix takes a ``Snapshot`` before every request it expects to be refused
and compares it with one taken after: a refusal must leave everything as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.db.models import Model
from django_tasks.signals import task_enqueued

# Tables left out of the comparison, and why. Everything else installed is compared.
UNTRACKED_TABLES = {
    # The middleware remembers the last ecosystem a member opened (so "/" returns there),
    # before the view decides: a member refused a page still changes their session.
    "django_session",
}


class _TaskCounter:
    """Counts tasks handed to the queue, whichever backend takes them (the tests' dummy
    backend keeps them in memory, so the database queue's table alone would miss them)."""

    enqueued = 0

    @classmethod
    def count(cls, **kwargs: Any) -> None:
        cls.enqueued += 1


task_enqueued.connect(_TaskCounter.count, weak=False, dispatch_uid="tests.side_effects")


@dataclass(frozen=True)
class Snapshot:
    # Per table: its row count and its whole content (text on SQLite, a digest on
    # PostgreSQL), so an UPDATE shows as well as an INSERT or a DELETE.
    tables: dict[str, tuple[int, str | None]]
    tasks: int
    mails: int
    files: frozenset[str]


def _tracked_models() -> list[type[Model]]:
    # Auto-created many-to-many tables too: linking two records writes only there.
    seen: dict[str, type[Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.managed and not model._meta.proxy and table not in UNTRACKED_TABLES:
            seen.setdefault(table, model)
    return [seen[table] for table in sorted(seen)]


# Every name put into the SQL below is a table or column of our own models, quoted.


def _content(model: type[Model]) -> str:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    if connection.vendor == "postgresql":
        # Rows move on disk when updated: sort them so only a changed value changes this.
        digest = "md5(string_agg(whole_row::text, '|' ORDER BY whole_row::text))"
        return f"(SELECT {digest} FROM {table} AS whole_row)"  # noqa: S608
    if connection.vendor == "sqlite":
        # SQLite reads a table in a fixed order (rowid, or a covering index), so the same
        # rows always give the same text; JSON is the quickest way to spell a row there
        # (a third of the time quote() and || take). JSON holds no bytes: hex them.
        columns = ", ".join(
            f"hex({quote(field.column)})"
            if field.get_internal_type() == "BinaryField"
            else quote(field.column)
            for field in model._meta.local_concrete_fields
        )
        return f"(SELECT group_concat(json_array({columns}), '|') FROM {table})"  # noqa: S608
    raise NotImplementedError(f"No row digest for {connection.vendor}.")


@cache
def _query() -> tuple[list[str], str]:
    """One query for every table's count and content: the matrix runs it thousands of
    times, and one round trip costs far less than ninety."""
    models = _tracked_models()
    quote = connection.ops.quote_name
    tables = [quote(model._meta.db_table) for model in models]
    counts = [f"(SELECT COUNT(*) FROM {table})" for table in tables]  # noqa: S608
    contents = [_content(model) for model in models]
    return [model._meta.db_table for model in models], "SELECT " + ", ".join(counts + contents)


def _files() -> frozenset[str]:
    root = settings.PRIVATE_MEDIA_ROOT
    return frozenset(
        os.path.join(folder, name) for folder, _dirs, names in os.walk(root) for name in names
    )


def snapshot() -> Snapshot:
    tables, sql = _query()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        values = cursor.fetchone()
    counts, contents = values[: len(tables)], values[len(tables) :]
    return Snapshot(
        tables=dict(zip(tables, zip(counts, contents, strict=True), strict=True)),
        tasks=_TaskCounter.enqueued,
        mails=len(getattr(mail, "outbox", [])),
        files=_files(),
    )


def left_behind(before: Snapshot, response: Any) -> list[str]:
    """What changed since ``before``, in words (empty if nothing did)."""
    after = snapshot()
    changes = []
    for table, (count, content) in after.tables.items():
        was_count, was_content = before.tables[table]
        if count != was_count:
            changes.append(f"{table} ({count - was_count:+d} rows)")
        elif content != was_content:
            changes.append(f"{table} (rows changed)")
    if after.tasks != before.tasks:
        changes.append(f"the task queue (+{after.tasks - before.tasks} tasks)")
    if after.mails != before.mails:
        changes.append(f"the outbox (+{after.mails - before.mails} mails)")
    if after.files != before.files:
        changes.append(f"private media ({sorted(after.files ^ before.files)})")
    # Each client starts with no messages, so any message was added by this request.
    if shown := [str(message) for message in get_messages(response.wsgi_request)]:
        changes.append(f"messages for the next page ({shown})")
    return changes
