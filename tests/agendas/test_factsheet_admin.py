"""Site administrators edit the dollar values, and can correct any ecosystem's sheets."""

from __future__ import annotations

from django.urls import reverse

from agendas.models import FactSheet, ValueCategory


def test_the_value_categories_are_listed_in_order_with_their_default_values(admin_client, world):
    html = admin_client.get(reverse("admin:agendas_valuecategory_changelist")).content.decode()

    assert "Books borrowed" in html
    assert "17.00" in html
    assert "Used on sheets" in html
    assert html.index("Books borrowed") < html.index("Meeting room use")
    assert "adminsortable2" in html, "rows can be dragged into a new order"


def test_a_default_value_is_changed_in_the_admin_and_its_history_kept(admin_client, world):
    books = ValueCategory.objects.get(name="Books borrowed")
    url = reverse("admin:agendas_valuecategory_change", args=[books.pk])

    response = admin_client.post(
        url,
        {
            "name": books.name,
            "unit": books.unit,
            "default_value": "18.50",
            "explanation": books.explanation,
            "active": "on",
        },
    )

    books.refresh_from_db()
    assert response.status_code == 302
    assert str(books.default_value) == "18.50"
    history = admin_client.get(reverse("admin:agendas_valuecategory_history", args=[books.pk]))
    assert history.status_code == 200
    latest = books.history.first()
    assert (str(latest.default_value), latest.history_user.email) == ("18.50", "root@example.org")


def test_the_sheets_list_shows_each_total_and_the_sheet_page_its_lines(admin_client, world):
    changelist = admin_client.get(reverse("admin:agendas_factsheet_changelist"))
    change = admin_client.get(reverse("admin:agendas_factsheet_change", args=[world.fact_sheet.pk]))

    assert "$17,000.00" in changelist.content.decode()
    assert 'name="lines-0-quantity"' in change.content.decode()


def sheet_post(world, **changes):
    line = world.fact_sheet.lines.get()
    data = {
        "ecosystem": world.ecosystem.pk,
        "title": "Library value",
        "organization": "",
        "year": "2026",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-id": line.pk,
        "lines-0-sheet": world.fact_sheet.pk,
        "lines-0-category": line.category_id,
        "lines-0-quantity": "1200",
        "lines-0-value": "",
    }
    return data | changes


def test_an_admin_edit_moves_the_sheet_to_a_new_version(admin_client, world):
    url = reverse("admin:agendas_factsheet_change", args=[world.fact_sheet.pk])

    response = admin_client.post(url, sheet_post(world))

    assert response.status_code == 302
    sheet = FactSheet.objects.get(pk=world.fact_sheet.pk)
    assert sheet.version == world.fact_sheet.version + 1, "editors with the page open are told"
    assert sheet.lines.get().quantity == 1200


def test_the_admin_refuses_a_library_from_another_ecosystem(admin_client, world):
    url = reverse("admin:agendas_factsheet_change", args=[world.fact_sheet.pk])

    response = admin_client.post(url, sheet_post(world, organization=world.other_organization.pk))

    assert response.status_code == 200
    assert "Choose an organization of the sheet" in response.content.decode()
    assert FactSheet.objects.get(pk=world.fact_sheet.pk).organization is None
