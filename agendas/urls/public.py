"""Addresses that work without signing in (the secret calendar feed), under /feeds/."""

from django.urls import URLPattern, path

from ..views import plan

app_name = "feeds"

urlpatterns: list[URLPattern] = [
    # No ecosystem_slug here: the token alone finds the ecosystem (see EcosystemMiddleware).
    path("<str:token>.ics", plan.calendar_feed, name="calendar"),
]
