"""The whole-garden reflection, under /e/<ecosystem_slug>/partners/garden/."""

from django.urls import URLPattern, path

from ..views import garden

urlpatterns: list[URLPattern] = [
    path("garden/", garden.garden_reflection_list, name="garden_reflection_list"),
    path("garden/new/", garden.garden_reflection_create, name="garden_reflection_create"),
    path("garden/<int:pk>/", garden.garden_reflection_detail, name="garden_reflection_detail"),
    path("garden/<int:pk>/edit/", garden.garden_reflection_update, name="garden_reflection_update"),
    path(
        "garden/<int:pk>/reflection.pdf",
        garden.garden_reflection_pdf,
        name="garden_reflection_pdf",
    ),
]
