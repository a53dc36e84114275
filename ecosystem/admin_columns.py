"""Changelist columns that count related rows, in the changelist's own query."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest


class CountedRelations:
    """Annotate the changelist with ``counted`` = {column name: relation to count}."""

    counted: dict[str, str] = {}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset(request)  # type: ignore[misc]
        annotated: QuerySet[Any] = queryset.annotate(
            **{name: Count(relation, distinct=True) for name, relation in self.counted.items()}
        )
        return annotated


def count_column(name: str, label: Any) -> Callable[[Any, Any], int]:
    """A sortable column showing the ``name`` annotation of ``CountedRelations``."""

    @admin.display(description=label, ordering=name)
    def column(self: Any, obj: Any) -> int:
        return int(getattr(obj, name))

    return column
