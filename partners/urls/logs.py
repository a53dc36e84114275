"""A partner's log, harvests, health checks and reflections; the ecosystem's harvest list,
the "needs attention" list and the partner profile PDF."""

from django.urls import URLPattern, path

from ..views import logs

urlpatterns: list[URLPattern] = [
    path("<int:pk>/log/", logs.interaction_list, name="interaction_list"),
    path("<int:pk>/log/new/", logs.interaction_create, name="interaction_create"),
    path(
        "<int:pk>/log/<int:interaction_pk>/edit/",
        logs.interaction_update,
        name="interaction_update",
    ),
    path(
        "<int:pk>/log/<int:interaction_pk>/delete/",
        logs.interaction_delete,
        name="interaction_delete",
    ),
    path(
        "<int:pk>/log/<int:interaction_pk>/history/",
        logs.interaction_history,
        name="interaction_history",
    ),
    path("<int:pk>/log/<int:interaction_pk>/done/", logs.interaction_done, name="interaction_done"),
    path("harvests/", logs.harvest_list, name="harvest_list"),
    path("harvests/export/", logs.harvest_export, name="harvest_export"),
    path("<int:pk>/harvests/new/", logs.harvest_create, name="harvest_create"),
    path("<int:pk>/harvests/<int:harvest_pk>/edit/", logs.harvest_update, name="harvest_update"),
    path("<int:pk>/harvests/<int:harvest_pk>/delete/", logs.harvest_delete, name="harvest_delete"),
    path("<int:pk>/health/", logs.health_list, name="health_list"),
    path("<int:pk>/health/new/", logs.health_create, name="health_create"),
    path("<int:pk>/health/<int:check_pk>/edit/", logs.health_update, name="health_update"),
    path("<int:pk>/health/<int:check_pk>/delete/", logs.health_delete, name="health_delete"),
    path("<int:pk>/reflections/new/", logs.reflection_create, name="reflection_create"),
    path(
        "<int:pk>/reflections/<int:reflection_pk>/edit/",
        logs.reflection_update,
        name="reflection_update",
    ),
    path(
        "<int:pk>/reflections/<int:reflection_pk>/delete/",
        logs.reflection_delete,
        name="reflection_delete",
    ),
    path("attention/", logs.needs_attention, name="needs_attention"),
    path("attention/export/", logs.needs_attention_export, name="needs_attention_export"),
    path("<int:pk>/profile.pdf", logs.partner_pdf, name="partner_pdf"),
]
