"""Guards over the Django admin: every registered model's pages open for a site administrator.

The admin builds its forms only when a page is opened, so a field name that does not
exist (in `fields`, an inline's ordering, `search_fields`...) passes every check and
start-up and then answers 500 to the first administrator who clicks. This walks
`admin.site` itself, so a model registered tomorrow is opened too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from continuum import services as continuum_services
from continuum.models import Consensus, InstrumentVersion
from ecosystem.models import SignInThrottle, User
from partners.models import GardenReflection, PartnerImport
from tests.world import World

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def model_id(entry: tuple[type[Model], admin.ModelAdmin[Any]]) -> str:
    return entry[0]._meta.label


def make_consensus(world: World) -> Model:
    indicator = world.closed_round.version.indicators.first()
    assert indicator is not None
    return Consensus.objects.create(
        round=world.closed_round,
        indicator=indicator,
        level=world.closed_round.version.levels.first(),
        rationale="We agreed after the workshop.",
        recorded_by=world.users["coordinator"],
    )


def make_score(world: World) -> Model:
    priority = world.cycle.priorities.get()
    return priority.scores.create(
        criterion=world.cycle.criteria.first(), user=world.users["editor"], value=3
    )


def make_access_record(model: type[Model]) -> Callable[[World], Model]:
    def make(world: World) -> Model:
        fields = {
            "user_agent": "Test browser",
            "ip_address": "127.0.0.1",
            "username": "someone@world.example",
            "http_accept": "text/html",
            "path_info": "/accounts/login/",
        }
        if model._meta.model_name == "accessattempt":
            fields.update(get_data="", post_data="", failures_since_start=1)
        return model._default_manager.create(**fields)

    return make


def make_task_result(world: World) -> Model:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="ecosystem.overview.reports.jobs.render_job",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )


def draft_copy(pick: Callable[[InstrumentVersion], Model]) -> Callable[[World], Model]:
    """The world's Continuum wording is published, so its pages are read-only and build no
    form fields, where a broken one would show: open a draft copy instead."""

    def make(world: World) -> Model:
        published = world.round.version
        return pick(continuum_services.duplicate_as_draft(published))

    return make


# Records whose world copies the admin shows read-only, made editable.
EDITABLE_MAKERS: dict[str, Callable[[World], Model]] = {
    "continuum.InstrumentVersion": draft_copy(lambda draft: draft),
    "continuum.Strand": draft_copy(lambda draft: draft.strands.all()[0]),
    "continuum.Indicator": draft_copy(lambda draft: draft.indicators.all()[0]),
}


def makers() -> dict[str, Callable[[World], Model]]:
    """How to make one record of the registered models the test world has none of."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return {
        "auth.Group": lambda world: Group.objects.create(name="Editors of the rubric"),
        "continuum.Consensus": make_consensus,
        "agendas.Score": make_score,
        "partners.PartnerImport": lambda world: PartnerImport.objects.create(
            ecosystem=world.ecosystem,
            created_by=world.users["editor"],
            filename="partners.csv",
            rows=[{"line": 2, "data": {"name": "Rotary"}, "errors": []}],
        ),
        "partners.GardenReflection": lambda world: GardenReflection.objects.create(
            ecosystem=world.ecosystem, year=2025, plant_next="A health partner in the north"
        ),
        "axes.AccessAttempt": make_access_record(AccessAttempt),
        "axes.AccessLog": make_access_record(AccessLog),
        "axes.AccessFailureLog": make_access_record(AccessFailureLog),
        "django_tasks_database.DBTaskResult": make_task_result,
        "ecosystem.SignInThrottle": lambda world: SignInThrottle.objects.create(
            email="viewer@world.example", failures=21, last_failure_at=timezone.now()
        ),
        "otp_totp.TOTPDevice": lambda world: TOTPDevice.objects.create(
            user=world.users["coordinator"], name="Authenticator app"
        ),
    }


@pytest.fixture
def site_admin(world: World) -> User:
    return User.objects.create_superuser(
        email="root@world.example", password="x", full_name="Site Administrator"
    )


@pytest.fixture
def admin_client(site_admin: User) -> Client:
    client = Client()
    client.force_login(site_admin)
    return client


def one_object(
    model: type[Model], model_admin: admin.ModelAdmin[Any], request: Any, world: World
) -> Model:
    """A record the admin lists, from the test world, or one made for the test; editable
    where the admin lets anyone edit it."""
    label = model._meta.label
    existing = model_admin.get_queryset(request).first()
    read_only = existing is not None and not model_admin.has_change_permission(request, existing)
    if read_only and label in EDITABLE_MAKERS:
        return EDITABLE_MAKERS[label](world)
    if existing is not None:
        return existing
    make = makers().get(label)
    assert make is not None, (
        f"The test world has no {model._meta.label}: add a maker for it in {__name__}.makers()"
    )
    return make(world)


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=map(model_id, REGISTERED))
def test_every_admin_page_opens_for_a_site_administrator(
    model, model_admin, world, site_admin, admin_client
):
    request = RequestFactory().get("/admin/")
    request.user = site_admin
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    obj = one_object(model, model_admin, request, world)
    urls = [reverse(f"{prefix}_changelist")]
    if model_admin.get_search_fields(request):
        urls.append(reverse(f"{prefix}_changelist") + "?q=x")
    if model_admin.has_add_permission(request):
        urls.append(reverse(f"{prefix}_add"))
    urls.append(reverse(f"{prefix}_change", args=[obj.pk]))

    statuses = {url: admin_client.get(url).status_code for url in urls}

    assert all(status == 200 for status in statuses.values()), statuses
