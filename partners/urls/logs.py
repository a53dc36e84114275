"""A partner's log, harvests, health checks and reflections; the ecosystem's harvest list,
the "needs attention" list and the partner profile PDF."""

from django.urls import URLPattern, path

from ..views.logs import attention, harvests, health, interactions, profile, reflections

urlpatterns: list[URLPattern] = [
    path("<int:pk>/log/", interactions.interaction_list, name="interaction_list"),
    path("<int:pk>/log/new/", interactions.interaction_create, name="interaction_create"),
    path(
        "<int:pk>/log/<int:interaction_pk>/edit/",
        interactions.interaction_update,
        name="interaction_update",
    ),
    path(
        "<int:pk>/log/<int:interaction_pk>/delete/",
        interactions.interaction_delete,
        name="interaction_delete",
    ),
    path(
        "<int:pk>/log/<int:interaction_pk>/history/",
        interactions.interaction_history,
        name="interaction_history",
    ),
    path(
        "<int:pk>/log/<int:interaction_pk>/done/",
        interactions.interaction_done,
        name="interaction_done",
    ),
    path("harvests/", harvests.harvest_list, name="harvest_list"),
    path("harvests/export/", harvests.harvest_export, name="harvest_export"),
    path("<int:pk>/harvests/new/", harvests.harvest_create, name="harvest_create"),
    path(
        "<int:pk>/harvests/<int:harvest_pk>/edit/", harvests.harvest_update, name="harvest_update"
    ),
    path(
        "<int:pk>/harvests/<int:harvest_pk>/delete/", harvests.harvest_delete, name="harvest_delete"
    ),
    path("<int:pk>/health/", health.health_list, name="health_list"),
    path("<int:pk>/health/new/", health.health_create, name="health_create"),
    path("<int:pk>/health/<int:check_pk>/edit/", health.health_update, name="health_update"),
    path("<int:pk>/health/<int:check_pk>/delete/", health.health_delete, name="health_delete"),
    path("<int:pk>/reflections/new/", reflections.reflection_create, name="reflection_create"),
    path(
        "<int:pk>/reflections/<int:reflection_pk>/edit/",
        reflections.reflection_update,
        name="reflection_update",
    ),
    path(
        "<int:pk>/reflections/<int:reflection_pk>/delete/",
        reflections.reflection_delete,
        name="reflection_delete",
    ),
    path("attention/", attention.needs_attention, name="needs_attention"),
    path("attention/export/", attention.needs_attention_export, name="needs_attention_export"),
    path("<int:pk>/profile.pdf", profile.partner_pdf, name="partner_pdf"),
]
