"""Small helpers shared by tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client: Any, url: str) -> tuple[int, list[str]]:
    """How many queries a GET makes, reading streamed responses to the end."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        if response.streaming:
            b"".join(response.streaming_content)
    return len(context), [query["sql"] for query in context.captured_queries]


def assert_queries_do_not_grow(
    client: Any, url: str, grow: Callable[[int], None], small: int = 5, large: int = 50
) -> int:
    """Grow the data from ``small`` to ``large`` rows; the page's query count must not change."""
    client.get(url)  # warm up: the first visit may write the session
    grow(small)
    few, few_sql = queries_for(client, url)
    grow(large - small)
    many, many_sql = queries_for(client, url)
    assert few == many, "queries grew with the data:\n" + "\n".join(
        sql for sql in many_sql if sql not in few_sql
    )
    return many
