"""Making, reading, changing and deleting value fact sheets through the pages."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from agendas.models import FactSheet, FactSheetLine, ValueCategory

BOOKS = "Books borrowed"
EBOOKS = "E-books and audiobooks borrowed"
PROGRAMS = "Program attendance"


def url(world, name, **kwargs):
    return reverse(f"agendas:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def cat(name):
    return ValueCategory.objects.get(name=name)


def sheet_data(world, *, lines=None, values=None, sheet=None, **fields):
    """What the browser sends: the sheet's fields, then a count and a value per use."""
    data = {
        "title": "Central value 2025",
        "organization": world.organization.pk,
        "year": "2025",
        "households": "4,321",
        "population": "11000",
        "budget": "$62,900",
        "notes": "Counts from the ILS annual report.",
        "version": sheet.version if sheet else "",
    }
    for category in ValueCategory.objects.filter(active=True):
        data[f"quantity_{category.pk}"] = (lines or {}).get(category.name, "")
        data[f"value_{category.pk}"] = (values or {}).get(category.name, "")
    data.update(fields)
    return data


def hand_worked_lines():
    # 12,500 x $17 + 3,000 x $12.50 (own value) + 1,234 x $15 = $268,510.00
    return {BOOKS: "12,500", EBOOKS: "3000", PROGRAMS: "1234"}, {EBOOKS: "12.50"}


def field_error(html, field_id):
    """The message shown right under one input."""
    match = re.search(
        rf'<div id="{field_id}_error" class="invalid-feedback">(.*?)</div>', html, re.S
    )
    return " ".join(match.group(1).split()) if match else None


# --- Making a sheet ----------------------------------------------------------------------


def test_an_editor_makes_a_sheet_with_a_line_per_use(world, client_for):
    lines, values = hand_worked_lines()

    response = client_for("editor").post(
        url(world, "factsheet_create"), sheet_data(world, lines=lines, values=values)
    )

    sheet = FactSheet.objects.get(title="Central value 2025")
    assert response.status_code == 302
    assert response["Location"] == url(world, "factsheet_detail", pk=sheet.pk)
    assert (sheet.ecosystem, sheet.organization, sheet.year) == (
        world.ecosystem,
        world.organization,
        2025,
    )
    assert (sheet.households, sheet.population, sheet.budget) == (4321, 11000, Decimal("62900"))
    saved = {line.category.name: (line.quantity, line.value) for line in sheet.lines.all()}
    assert saved == {
        BOOKS: (12500, None),
        EBOOKS: (3000, Decimal("12.50")),
        PROGRAMS: (1234, None),
    }, "uses left empty get no line"


def test_the_sheet_page_shows_the_table_the_totals_and_plain_sentences(world, client_for):
    lines, values = hand_worked_lines()
    client = client_for("editor")
    client.post(url(world, "factsheet_create"), sheet_data(world, lines=lines, values=values))
    sheet = FactSheet.objects.get(title="Central value 2025")

    html = client_for("viewer").get(url(world, "factsheet_detail", pk=sheet.pk)).content.decode()

    # 268,510 / 4,321 = 62.1407… → $62.14; / 11,000 = 24.41; / 62,900 = 4.2688… → $4.27
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "In 2025, Central Public Library returned $268,510.00 in value to its community." in text
    assert "That is $62.14 for every household it serves, and $24.41 for every person." in text
    assert "For every dollar in its budget, Central Public Library returned $4.27" in text
    assert "Books borrowed" in text
    assert "12,500" in text
    assert "$212,500.00" in text
    assert "This sheet instead of $15.00" in text, "the e-books value is the sheet's own"
    assert "<caption>" in html
    assert 'scope="row"' in html


def test_the_sheet_page_says_what_to_add_when_a_figure_cannot_be_worked_out(world, client_for):
    html = (
        client_for("viewer")
        .get(url(world, "factsheet_detail", pk=world.fact_sheet.pk))
        .content.decode()
    )

    assert "$17,000.00" in html
    assert "Add the households served to show this." in html
    assert "Add the annual budget to show this." in html
    assert "For every dollar in its budget" not in html


def test_viewers_read_sheets_without_edit_buttons(world, client_for):
    html = (
        client_for("viewer")
        .get(url(world, "factsheet_detail", pk=world.fact_sheet.pk))
        .content.decode()
    )

    assert url(world, "factsheet_pdf", pk=world.fact_sheet.pk) in html
    assert url(world, "factsheet_update", pk=world.fact_sheet.pk) not in html
    assert url(world, "factsheet_delete", pk=world.fact_sheet.pk) not in html


def test_each_use_on_the_form_has_a_label_that_names_it(world, client_for):
    books = cat(BOOKS)

    html = client_for("editor").get(url(world, "factsheet_create")).content.decode()

    assert (
        f'<label class="visually-hidden" for="id_quantity_{books.pk}">'
        "Books borrowed: how many in the year</label>"
    ) in html
    assert (
        f'<label class="visually-hidden" for="id_value_{books.pk}">'
        "Books borrowed: value each, in dollars</label>"
    ) in html
    assert 'placeholder="default $17.00"' in html
    assert "Leave empty to use the default, $17.00." in html


def test_a_new_sheet_starts_on_last_year(world, client_for):
    form = client_for("editor").get(url(world, "factsheet_create")).context["form"]

    assert form["year"].value() == timezone.localdate().year - 1


# --- Bad numbers -------------------------------------------------------------------------


BAD_NUMBERS = [
    ("quantity", BOOKS, "-5", "Enter zero or more: a count cannot be negative."),
    ("quantity", BOOKS, "abc", "Enter a whole number, such as 12500, without letters."),
    ("quantity", BOOKS, "12.5", "Enter a whole number, such as 12500, without letters."),
    (
        "quantity",
        BOOKS,
        str(10**12),
        "Enter 100,000,000 or less: that is the most this field holds. Check for extra zeros.",
    ),
    ("value", EBOOKS, "-1", "Enter $0 or more: a value cannot be negative."),
    ("value", EBOOKS, "twelve", "Enter an amount in dollars, such as 17.50, without letters."),
    ("value", EBOOKS, "12.505", "Enter at most two digits after the point: cents."),
    (
        "value",
        EBOOKS,
        "10000.01",
        "Enter $10,000.00 or less: that is the most this field holds. Check for extra zeros.",
    ),
]


@pytest.mark.parametrize(("kind", "use", "typed", "message"), BAD_NUMBERS)
def test_a_bad_number_on_a_line_is_refused_next_to_it_and_nothing_is_saved(
    kind, use, typed, message, world, client_for
):
    lines, values = hand_worked_lines()
    (values if kind == "value" else lines)[use] = typed
    before = FactSheet.objects.count(), FactSheetLine.objects.count()

    response = client_for("editor").post(
        url(world, "factsheet_create"), sheet_data(world, lines=lines, values=values)
    )

    html = response.content.decode()
    field = f"{kind}_{cat(use).pk}"
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert field_error(html, f"id_{field}") == message
    assert f'aria-invalid="true" aria-describedby="id_{field}_helptext id_{field}_error"' in html
    # The summary on top names the use, and links to the field.
    assert f'<a href="#id_{field}">{use}: ' in html
    assert f'value="{typed}"' in html, "what was typed stays in the form"
    assert 'value="3000"' in html, "and so does everything else"
    assert (FactSheet.objects.count(), FactSheetLine.objects.count()) == before


SHEET_BAD_NUMBERS = [
    (
        "budget",
        str(10**15),
        "Enter $10,000,000,000.00 or less: that is the most this field holds. "
        "Check for extra zeros.",
    ),
    ("budget", "-100", "Enter more than $0, or leave it empty if you do not know."),
    ("budget", "lots", "Enter an amount in dollars, such as 17.50, without letters."),
    ("households", "0", "Enter 1 or more, or leave it empty if you do not know."),
    ("households", "many", "Enter a whole number, such as 12500, without letters."),
    (
        "population",
        "1000000000",
        "Enter 100,000,000 or less: that is the most this field holds. Check for extra zeros.",
    ),
    ("year", "25", "Enter a year from 1900 to 2200."),
    ("year", "next year", "Enter the year in four digits, such as 2025."),
]


@pytest.mark.parametrize(("field", "typed", "message"), SHEET_BAD_NUMBERS)
def test_a_bad_figure_for_the_sheet_is_refused_next_to_it(field, typed, message, world, client_for):
    lines, values = hand_worked_lines()

    response = client_for("editor").post(
        url(world, "factsheet_create"),
        sheet_data(world, lines=lines, values=values, **{field: typed}),
    )

    html = response.content.decode()
    assert list(response.context["form"].errors) == [field]
    assert message in response.context["form"].errors[field]
    # crispy puts the message under the input, tied to it by aria-describedby
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    assert not FactSheet.objects.filter(title="Central value 2025").exists()


def test_an_edit_with_one_bad_number_changes_nothing_at_all(world, client_for):
    sheet = world.fact_sheet
    lines = {BOOKS: "2000", PROGRAMS: "-3"}

    response = client_for("editor").post(
        url(world, "factsheet_update", pk=sheet.pk),
        sheet_data(world, sheet=sheet, lines=lines, title="Renamed"),
    )

    assert response.status_code == 200
    sheet.refresh_from_db()
    assert sheet.title == "Library value"
    assert [(line.category.name, line.quantity) for line in sheet.lines.all()] == [(BOOKS, 1000)]
    assert "<h1>Edit Library value</h1>" in response.content.decode(), (
        "the heading keeps the saved title"
    )


def test_a_library_from_another_ecosystem_cannot_be_chosen(world, client_for):
    response = client_for("editor").post(
        url(world, "factsheet_create"),
        sheet_data(world, organization=world.other_organization.pk),
    )

    errors = response.context["form"].errors
    assert errors["organization"] == ["Choose one of this ecosystem's organizations from the list."]
    assert world.other_organization.name not in response.content.decode()
    assert not FactSheet.objects.filter(title="Central value 2025").exists()


def test_the_library_list_offers_only_this_ecosystems_organizations(world, client_for):
    form = client_for("editor").get(url(world, "factsheet_create")).context["form"]

    offered = set(form.fields["organization"].queryset)
    assert world.organization in offered
    assert world.other_organization not in offered


def test_numbers_may_be_typed_with_separators_and_a_dollar_sign(world, client_for):
    client_for("editor").post(
        url(world, "factsheet_create"),
        sheet_data(
            world, lines={BOOKS: " 1,234,567 "}, values={BOOKS: "$18.5"}, budget="$1,250,000.00"
        ),
    )

    sheet = FactSheet.objects.get(title="Central value 2025")
    line = sheet.lines.get()
    assert (line.quantity, line.value, sheet.budget) == (
        1234567,
        Decimal("18.50"),
        Decimal("1250000.00"),
    )


# --- Changing a sheet --------------------------------------------------------------------


def test_an_edit_changes_adds_and_empties_lines(world, client_for):
    sheet = world.fact_sheet
    # The world's sheet counts 1,000 books. Now: books emptied, 40 meeting-room bookings
    # at the sheet's own $35, and an own value for e-books with nothing counted (kept).
    response = client_for("editor").post(
        url(world, "factsheet_update", pk=sheet.pk),
        sheet_data(
            world,
            sheet=sheet,
            lines={"Meeting room use": "40"},
            values={"Meeting room use": "35", EBOOKS: "11"},
        ),
    )

    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.version == 2
    saved = {line.category.name: (line.quantity, line.value) for line in sheet.lines.all()}
    assert saved == {"Meeting room use": (40, Decimal("35.00")), EBOOKS: (0, Decimal("11.00"))}


def test_a_category_added_later_appears_on_an_existing_sheet_as_an_empty_row(world, client_for):
    new = ValueCategory.objects.create(
        name="Museum passes", unit="passes lent", default_value=Decimal("40.00"), position=99
    )

    form = (
        client_for("editor")
        .get(url(world, "factsheet_update", pk=world.fact_sheet.pk))
        .context["form"]
    )

    assert [row.category for row in form.rows][-1] == new
    assert form[f"quantity_{new.pk}"].value() is None
    assert form[f"quantity_{cat(BOOKS).pk}"].value() == 1000


def test_a_category_taken_off_new_sheets_stays_on_the_sheets_that_count_it(world, client_for):
    ValueCategory.objects.filter(name__in=[BOOKS, PROGRAMS]).update(active=False)

    editor = client_for("editor")
    existing = editor.get(url(world, "factsheet_update", pk=world.fact_sheet.pk)).context["form"]
    new = editor.get(url(world, "factsheet_create")).context["form"]

    assert cat(BOOKS) in [row.category for row in existing.rows]
    assert cat(PROGRAMS) not in [row.category for row in existing.rows]
    assert cat(BOOKS) not in [row.category for row in new.rows]


def test_an_edit_based_on_an_old_version_is_not_saved_and_shows_both(world, client_for):
    sheet = world.fact_sheet
    started_from = sheet.version
    # Someone else saves first: 1,500 books and a new title.
    FactSheet.objects.filter(pk=sheet.pk).update(title="Their title", version=started_from + 1)
    FactSheetLine.objects.filter(sheet=sheet).update(quantity=1500)

    response = client_for("editor").post(
        url(world, "factsheet_update", pk=sheet.pk),
        sheet_data(world, sheet=sheet, lines={BOOKS: "2,000"}, title="My title"),
    )

    html = response.content.decode()
    form = response.context["form"]
    assert response.status_code == 200
    assert "Someone else saved this while you were editing." in html
    assert ("Title", "Their title", "My title") in form.conflicts
    assert ("Books borrowed: how many in the year", "1,500", "2,000") in form.conflicts
    assert f'name="version" value="{started_from + 1}"' in html
    sheet.refresh_from_db()
    assert sheet.title == "Their title"
    assert sheet.lines.get().quantity == 1500


def test_saving_again_after_a_conflict_keeps_your_changes(world, client_for):
    sheet = world.fact_sheet
    FactSheet.objects.filter(pk=sheet.pk).update(version=sheet.version + 1)

    response = client_for("editor").post(
        url(world, "factsheet_update", pk=sheet.pk),
        sheet_data(world, sheet=sheet, lines={BOOKS: "2000"}, version=sheet.version + 1),
    )

    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.lines.get().quantity == 2000


# --- Deleting ----------------------------------------------------------------------------


def test_deleting_asks_first_then_removes_the_sheet_and_its_lines(world, client_for):
    sheet = world.fact_sheet
    client = client_for("editor")

    page = client.get(url(world, "factsheet_delete", pk=sheet.pk))
    response = client.post(url(world, "factsheet_delete", pk=sheet.pk))

    assert "Delete Library value?" in page.content.decode()
    assert FactSheet.objects.filter(pk=sheet.pk).exists() is False
    assert FactSheetLine.objects.filter(sheet_id=sheet.pk).exists() is False
    assert response["Location"] == url(world, "factsheet_list")


# --- Another ecosystem's sheet -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("factsheet_detail", "get"),
        ("factsheet_update", "get"),
        ("factsheet_update", "post"),
        ("factsheet_delete", "get"),
        ("factsheet_delete", "post"),
        ("factsheet_pdf", "get"),
    ],
)
def test_another_ecosystems_sheet_answers_404_through_your_ecosystem(
    name, method, world, client_for
):
    other = world.other_fact_sheet

    response = getattr(client_for("coordinator"), method)(
        url(world, name, pk=other.pk), sheet_data(world, sheet=other, title="Taken over")
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title == "Library value"


# --- The list and its export -------------------------------------------------------------


@pytest.fixture
def two_years(world):
    sheet = FactSheet.objects.create(
        ecosystem=world.ecosystem,
        organization=world.organization,
        title="Central 2024",
        year=2024,
        budget=Decimal("10000"),
    )
    # 1,000 programs attended x $15 = $15,000 on a $10,000 budget: $1.50 for every $1.
    FactSheetLine.objects.create(sheet=sheet, category=cat(PROGRAMS), quantity=1000)
    return sheet


def test_the_list_shows_each_sheets_library_year_value_and_return(world, client_for, two_years):
    html = client_for("viewer").get(url(world, "factsheet_list")).content.decode()

    assert "2 fact sheets" in html
    assert "Central Public Library" in html
    assert "$15,000" in html
    assert "$1.50" in html
    assert "$17,000" in html
    assert "no budget given" in html
    assert "Other Town" not in html


def test_the_list_filters_by_year_and_by_words(world, client_for, two_years):
    client = client_for("viewer")

    by_year = client.get(url(world, "factsheet_list"), {"year": "2024"}).context["rows"]
    by_words = client.get(url(world, "factsheet_list"), {"q": "central 2024"}).context["rows"]
    by_library = client.get(url(world, "factsheet_list"), {"q": "Central Public"}).context["rows"]

    assert [sheet.title for sheet, _ in by_year] == ["Central 2024"]
    assert [sheet.title for sheet, _ in by_words] == ["Central 2024"]
    assert [sheet.title for sheet, _ in by_library] == ["Central 2024"]


def test_the_csv_has_a_row_per_sheet_with_its_figures_and_counts(world, client_for, two_years):
    response = client_for("viewer").get(url(world, "factsheet_export"))

    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    header, data = rows[0], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert response["Content-Disposition"].startswith('attachment; filename="test-state-value')
    assert set(data) == {"Library value", "Central 2024"}
    assert data["Central 2024"]["Total value"] == "15000.00"
    assert data["Central 2024"]["Return per dollar of budget"] == "1.50"
    assert data["Central 2024"]["Program attendance: how many"] == "1000"
    assert data["Library value"]["Books borrowed: how many"] == "1000"
    assert data["Library value"]["Return per dollar of budget"] == ""
    assert "Books borrowed: how many" in header


def test_a_filter_change_from_htmx_gets_the_results_alone(world, client_for, two_years):
    response = client_for("viewer").get(
        url(world, "factsheet_list"), {"year": "2024"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert "<h1" not in html
    assert "1 fact sheet matches the filter" in html
    assert "HX-Request" in response["Vary"]
