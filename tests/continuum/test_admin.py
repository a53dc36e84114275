"""Site administrators edit instruments in the Django admin."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from continuum import services
from continuum.content import CONTENT
from continuum.models import Instrument, InstrumentVersion
from ecosystem.models import User


@pytest.fixture
def admin_client(client, db):
    admin = User.objects.create_superuser(email="root@example.org", password="x", full_name="Root")
    client.force_login(admin)
    return client


@pytest.fixture
def continuum(db):
    return Instrument.objects.get(slug="ecosystem-continuum").latest_published()


def test_a_published_version_opens_read_only_with_a_message(admin_client, continuum):
    url = reverse("admin:continuum_instrumentversion_change", args=[continuum.pk])

    page = admin_client.get(url)
    attempt = admin_client.post(url, {"notes": "Changed"})

    assert page.status_code == 200
    assert "is published, so its wording is frozen" in page.content.decode()
    assert 'name="notes"' not in page.content.decode()
    assert attempt.status_code == 403
    continuum.refresh_from_db()
    assert continuum.notes != "Changed"


def test_the_indicator_page_of_a_published_version_is_read_only_too(admin_client, continuum):
    indicator = continuum.indicators.first()

    page = admin_client.get(reverse("admin:continuum_indicator_change", args=[indicator.pk]))

    assert "is published, so its wording is frozen" in page.content.decode()
    assert 'name="statement"' not in page.content.decode()


def test_duplicate_then_edit_then_publish_from_the_admin(admin_client, continuum):
    changelist = reverse("admin:continuum_instrumentversion_changelist")

    admin_client.post(
        changelist, {"action": "duplicate_versions", "_selected_action": [continuum.pk]}
    )
    draft = InstrumentVersion.objects.get(instrument=continuum.instrument, number=2)
    edit = admin_client.get(
        reverse("admin:continuum_indicator_change", args=[draft.indicators.first().pk])
    )
    admin_client.post(changelist, {"action": "publish_versions", "_selected_action": [draft.pk]})

    assert 'name="statement"' in edit.content.decode(), "a draft can be edited"
    draft.refresh_from_db()
    assert draft.is_published


def test_publishing_an_incomplete_draft_from_the_admin_explains_why(admin_client, continuum):
    draft = services.duplicate_as_draft(continuum)
    draft.indicators.get(code="COMM-2").descriptors.first().delete()

    response = admin_client.post(
        reverse("admin:continuum_instrumentversion_changelist"),
        {"action": "publish_versions", "_selected_action": [draft.pk]},
        follow=True,
    )

    assert "Indicator COMM-2 has no descriptor for" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published


def test_export_and_import_from_the_admin(admin_client, continuum):
    exported = admin_client.get(
        reverse("admin:continuum_instrumentversion_export", args=[continuum.pk])
    )
    document = json.loads(exported.content)
    document["version"]["number"] = 5
    upload = SimpleUploadedFile(
        "v5.json", json.dumps(document).encode(), content_type="application/json"
    )

    response = admin_client.post(
        reverse("admin:continuum_instrumentversion_import"), {"document": upload}
    )

    assert exported.content == (CONTENT / "ecosystem-continuum.json").read_bytes()
    imported = InstrumentVersion.objects.get(instrument=continuum.instrument, number=5)
    assert response.status_code == 302
    assert not imported.is_published


def test_a_bad_upload_is_refused_next_to_the_field(admin_client):
    upload = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")

    response = admin_client.post(
        reverse("admin:continuum_instrumentversion_import"), {"document": upload}
    )

    assert response.status_code == 200
    assert "not valid JSON" in response.content.decode()


def test_the_descriptor_rows_of_a_new_indicator_are_ready_for_each_level(admin_client, continuum):
    draft = services.duplicate_as_draft(continuum)
    indicator = draft.indicators.first()
    indicator.descriptors.all().delete()

    page = admin_client.get(reverse("admin:continuum_indicator_change", args=[indicator.pk]))

    html = page.content.decode()
    assert 'name="descriptors-TOTAL_FORMS" value="4"' in html
