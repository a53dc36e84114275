"""The ecosystem's home page: where every tool stands (the dashboard), then the toolkit."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from ecosystem.access import EcosystemRequest
from ecosystem.models import Role

from ..dashboard import dashboard
from ..todos import todos
from ..tools import TOOL_GROUPS


def home(request: EcosystemRequest) -> HttpResponse:
    """What waits on the member, where every tool stands (the dashboard), then the whole
    toolkit."""
    ecosystem = request.ecosystem
    board = dashboard(ecosystem, request.membership)
    counts = {"organizations": board.organizations, "members": ecosystem.memberships.count()}
    tool_groups = [
        (group, [(tool, tool.url(ecosystem.slug)) for tool in group.tools]) for group in TOOL_GROUPS
    ]
    context = {
        "board": board,
        "todos": todos(board, request.membership),
        "counts": counts,
        "tool_groups": tool_groups,
        "role_description": Role(request.membership.role).description,
    }
    return render(request, "ecosystem/home.html", context)
