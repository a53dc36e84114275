"""Site administrators edit instruments in the Django admin."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from continuum import services
from continuum.content import CONTENT
from continuum.models import Instrument, InstrumentVersion


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


def indicator_rows(strand, order):
    """The strand page's indicator rows as the browser posts them, in ``order`` (codes)."""
    indicators = {indicator.code: indicator for indicator in strand.indicators.all()}
    data = {
        "indicators-TOTAL_FORMS": str(len(indicators)),
        "indicators-INITIAL_FORMS": str(len(indicators)),
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
    }
    for row, code in enumerate(order):
        indicator = indicators[code]
        data |= {
            f"indicators-{row}-id": str(indicator.pk),
            f"indicators-{row}-strand": str(strand.pk),
            # adminsortable2's script writes the dragged order into the hidden position.
            f"indicators-{row}-position": str(row + 1),
            f"indicators-{row}-code": indicator.code,
            f"indicators-{row}-statement": indicator.statement,
            f"indicators-{row}-guidance": indicator.guidance,
        }
    return data


def test_a_site_administrator_adds_a_strand_with_its_first_indicator(admin_client, continuum):
    draft = services.duplicate_as_draft(continuum)
    url = reverse("admin:continuum_strand_add")

    page = admin_client.get(url)
    response = admin_client.post(
        url,
        {
            "version": draft.pk,
            "position": "9",
            "code": "DATA",
            "name": "Data and evidence",
            "description": "",
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "0",
            "indicators-MIN_NUM_FORMS": "0",
            "indicators-MAX_NUM_FORMS": "1000",
            "indicators-0-position": "",
            "indicators-0-code": "DATA-1",
            "indicators-0-statement": "We count what our programs achieve.",
            "indicators-0-guidance": "",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    strand = draft.strands.get(code="DATA")
    assert list(strand.indicators.values_list("code", "version")) == [("DATA-1", draft.pk)]
    assert draft.strands.order_by("position", "pk").last() == strand


def test_the_strand_page_lists_its_indicators_in_order_and_saves_a_new_order(
    admin_client, continuum
):
    draft = services.duplicate_as_draft(continuum)
    strand = draft.strands.order_by("position", "pk").first()
    codes = list(strand.indicators.order_by("position", "pk").values_list("code", flat=True))
    url = reverse("admin:continuum_strand_change", args=[strand.pk])

    page = admin_client.get(url)
    response = admin_client.post(
        url,
        {
            "version": draft.pk,
            "position": strand.position,
            "code": strand.code,
            "name": strand.name,
            "description": strand.description,
            **indicator_rows(strand, list(reversed(codes))),
        },
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert [html.index(f'value="{code}"') for code in codes] == sorted(
        html.index(f'value="{code}"') for code in codes
    ), "the indicators are listed by their position in the strand"
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    reordered = strand.indicators.order_by("position", "pk").values_list("code", flat=True)
    assert list(reordered) == list(reversed(codes))


def test_the_strands_of_a_draft_version_are_sorted_by_their_position(admin_client, continuum):
    draft = services.duplicate_as_draft(continuum)

    page = admin_client.get(reverse("admin:continuum_instrumentversion_change", args=[draft.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    # adminsortable2 marks the field it writes the dragged order into.
    assert re.search(r'name="strands-0-position"[^>]*class="_reorder_"', html) or re.search(
        r'class="_reorder_"[^>]*name="strands-0-position"', html
    )


# --- Not a maze: duplicate from the frozen page, own choices in a draft, rounds named ---------


def test_a_published_versions_page_offers_to_duplicate_it_as_a_draft(admin_client, continuum):
    page = admin_client.get(
        reverse("admin:continuum_instrumentversion_change", args=[continuum.pk])
    )

    duplicate = reverse("admin:continuum_instrumentversion_duplicate", args=[continuum.pk])
    assert "Duplicate as a new draft to edit" in page.content.decode()
    assert f'action="{duplicate}"' in page.content.decode()


def test_the_duplicate_button_opens_the_new_draft(admin_client, continuum):
    response = admin_client.post(
        reverse("admin:continuum_instrumentversion_duplicate", args=[continuum.pk])
    )

    draft = InstrumentVersion.objects.get(instrument=continuum.instrument, number=2)
    assert response["Location"] == reverse(
        "admin:continuum_instrumentversion_change", args=[draft.pk]
    )
    assert not draft.is_published


def test_the_duplicate_button_does_not_answer_a_get(admin_client, continuum):
    response = admin_client.get(
        reverse("admin:continuum_instrumentversion_duplicate", args=[continuum.pk])
    )

    assert response.status_code == 405
    assert not InstrumentVersion.objects.filter(instrument=continuum.instrument, number=2).exists()


def test_a_draft_has_no_duplicate_button(admin_client, continuum):
    draft = services.duplicate_as_draft(continuum)

    page = admin_client.get(reverse("admin:continuum_instrumentversion_change", args=[draft.pk]))

    assert "Duplicate as a new draft to edit" not in page.content.decode()


def test_a_draft_indicator_chooses_only_among_its_own_versions_strands(admin_client, continuum):
    draft = services.duplicate_as_draft(continuum)
    indicator = draft.indicators.first()

    page = admin_client.get(reverse("admin:continuum_indicator_change", args=[indicator.pk]))

    offered = options_of(page, "strand")
    assert offered == set(draft.strands.values_list("pk", flat=True))


def test_a_new_strand_can_only_join_a_draft(admin_client, continuum):
    draft = services.duplicate_as_draft(continuum)

    page = admin_client.get(reverse("admin:continuum_strand_add"))

    offered = options_of(page, "version")
    assert draft.pk in offered
    assert continuum.pk not in offered


def test_publishing_names_the_open_rounds_that_keep_the_old_wording(admin_client, continuum, world):
    draft = services.duplicate_as_draft(continuum)

    response = admin_client.post(
        reverse("admin:continuum_instrumentversion_changelist"),
        {"action": "publish_versions", "_selected_action": [draft.pk]},
        follow=True,
    )

    text = response.content.decode()
    assert "keep the wording of an earlier version" in text
    assert f"{world.round.title} ({world.ecosystem.name}" in text
    assert f"{world.other_round.title} ({world.other.name}" in text


def test_the_instrument_list_says_who_uses_each_instrument(admin_client, world):
    page = admin_client.get(reverse("admin:continuum_instrument_changelist"))

    text = page.content.decode()
    assert "Every ecosystem (site-wide)" in text
    assert world.other.name in text


def options_of(page, name: str) -> set[int]:
    select = re.search(rf'<select name="{name}".*?</select>', page.content.decode(), re.DOTALL)
    assert select, f"no <select name={name}>"
    return set(map(int, re.findall(r'<option value="(\d+)"', select.group(0))))
