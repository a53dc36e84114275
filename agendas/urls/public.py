"""Addresses that work without signing in (the secret calendar feed), under /feeds/."""

from django.urls import URLPattern

app_name = "feeds"

urlpatterns: list[URLPattern] = []
