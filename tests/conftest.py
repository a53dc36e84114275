"""Shared test set-up: production-like settings, and the personas every test can use.

The personas live in a "world" built once per test database: an ecosystem with one member
per role, a second ecosystem whose coordinator is the outsider, and a few records in each.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from zoneinfo import ZoneInfo

# Settings are read once, when Django starts, which happens after this module is
# imported: run the suite with DEBUG off, as production does, minus the HTTPS redirect
# (the test client and live server speak plain HTTP).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings")
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
# Crispy's template errors fail the test instead of leaving a field out of the page.
os.environ["CRISPY_FAIL_SILENTLY"] = "false"
os.environ["DJANGO_STATICFILES_STORAGE"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
# Background tasks (report rendering) are recorded, not run: a test that wants the PDF runs
# the job itself, or switches to the immediate backend or the database queue and worker.
os.environ["DJANGO_TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
# Uploaded documents go to a throwaway folder, never the developer's own.
os.environ["DJANGO_PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="workbench-tests-")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import django
import pytest
import time_machine
from django.conf import settings

django.setup()

# WORKBENCH_TEST_NOW="2027-12-31 23:30" runs the suite as if at that moment (in the app's
# time zone), with the clock running on from there: a test that passes today but not on New
# Year's Eve or a leap day depends on the date without saying so. Not for the browser tests:
# Chromium keeps the real clock, so cookies set by the travelling server would expire at once.
if travel_to := os.environ.get("WORKBENCH_TEST_NOW"):
    moment = dt.datetime.fromisoformat(travel_to)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    time_machine.travel(moment, tick=True).start()

# Each pytest-xdist worker starts with this process's environment. Were the settings module
# still named in it, pytest-django would set Django up in the worker before this file runs
# there, with this process's temp folder: the workers would share one folder of private
# files and see each other's uploads appear and vanish. Without it, each worker runs the
# lines above for itself.
os.environ.pop("DJANGO_SETTINGS_MODULE")
if Path(settings.PRIVATE_MEDIA_ROOT) != Path(os.environ["DJANGO_PRIVATE_MEDIA_ROOT"]):
    raise RuntimeError("Django was set up before tests/conftest.py chose the private folder.")

if TYPE_CHECKING:
    from django.test import Client

    from tests.world import World

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[None]:
    from django.test.utils import override_settings

    # The real hasher takes a third of a second per password, on purpose.
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, fast_password_hashing):  # type: ignore[no-untyped-def]
    from tests.world import build_world

    with django_db_blocker.unblock():
        build_world()


@pytest.fixture
def world(db: None) -> World:
    from tests.world import build_world, load_world

    # Transactional tests (the browser journeys) empty the database afterwards; the
    # next one then builds the world again.
    return load_world() or build_world()


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A test client signed in as one of the personas, by name ("anonymous" for none)."""
    from django.test import Client

    def make(persona: str) -> Client:
        client = Client()
        user = world.user(persona)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def admin_client(client: Client, db: None) -> Client:
    """The test client signed in as a site administrator (Django's admin)."""
    from ecosystem.models import User

    admin = User.objects.create_superuser(email="root@example.org", password="x", full_name="Root")
    client.force_login(admin)
    return client
