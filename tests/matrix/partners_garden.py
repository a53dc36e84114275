"""Rows for the whole-garden reflection: every member reads the years, each year's
reflection and its PDF; editors and coordinators write and change them (the role rule of
the partner records).

The reflection these rows open is last year's, made for the request if the world has none
(made before the request, so a refused request still changes nothing).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from partners.models import GardenReflection
from tests.matrix import Row, in_ecosystem
from tests.world import World


def last_years(world: World) -> GardenReflection:
    reflection, _created = GardenReflection.objects.get_or_create(
        ecosystem=world.ecosystem,
        year=timezone.localdate().year - 1,
        defaults={"enough_gardeners": "Two of us lead most partnerships."},
    )
    return reflection


def reflection(world: World) -> dict[str, Any]:
    return {"pk": last_years(world).pk}


def new_data(world: World) -> dict[str, Any]:
    # A year nobody has written about: the world's is last year.
    return {"year": str(timezone.localdate().year - 5), "plant_next": "A health partner"}


def edit_data(world: World) -> dict[str, Any]:
    current = last_years(world)
    return {
        "year": str(current.year),
        "community_needs": "Job help in the rural counties",
        "version": current.version,
    }


ROWS: list[Row] = [
    in_ecosystem("partners:garden_reflection_list", "viewer"),
    in_ecosystem("partners:garden_reflection_detail", "viewer", kwargs=reflection),
    in_ecosystem("partners:garden_reflection_pdf", "viewer", kwargs=reflection),
    in_ecosystem("partners:garden_reflection_create", "editor"),
    in_ecosystem(
        "partners:garden_reflection_create", "editor", ok=302, method="post", data=new_data
    ),
    in_ecosystem("partners:garden_reflection_update", "editor", kwargs=reflection),
    in_ecosystem(
        "partners:garden_reflection_update",
        "editor",
        ok=302,
        kwargs=reflection,
        method="post",
        data=edit_data,
    ),
]
