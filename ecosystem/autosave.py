"""The answer to an autosave: htmx posts a long form as the user types, and puts the
answer in the form's status line, so it must be a few words, never the whole page."""

from __future__ import annotations

from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def autosaved(request: HttpRequest, saved: Any = None) -> HttpResponse:
    """Saved: the time, and the record's new version if it has one."""
    context = {"saved_at": timezone.localtime(), "version": getattr(saved, "version", None)}
    return render(request, "includes/_autosaved.html", context)


def autosave_refused(request: HttpRequest, form: BaseForm) -> HttpResponse:
    """Not saved (invalid, or someone else saved first): a status line that says so. It
    answers 200 because htmx puts only successful answers into the page."""
    return render(request, "includes/_autosaved.html", {"form": form})
