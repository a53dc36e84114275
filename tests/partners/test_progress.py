"""The ecosystem's progress record: the timeline and its filters, the CSV, recording,
editing and deleting entries, and an entry's history."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import Organization
from partners.models import Partner, ProgressEntry
from partners.progress.strands import continuum_strands


def url(world, name, **kwargs):
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def add_entry(world, activity, *, on=None, strand="LEAD", indicator="", **fields):
    return ProgressEntry.objects.create(
        ecosystem=world.ecosystem,
        date=on or timezone.localdate(),
        strand_code=strand,
        indicator_code=indicator,
        activity=activity,
        **fields,
    )


def form_data(world, **changes):
    data = {
        "date": "2026-03-14",
        "strand_code": "COMM",
        "indicator_code": "COMM-1",
        "activity": "Started a shared calendar of library events",
        "outcome": "Nine organizations post their dates",
        "evidence": "The calendar",
        "next_step": "Ask the school librarians to join",
        "organizations": [world.organization.pk],
        "partners": [world.partner.pk],
    }
    return data | changes


def activities(response):
    return [row.activity for group in response.context["years"] for row in group.rows]


# --- The timeline ------------------------------------------------------------------------------


def test_the_timeline_shows_an_entry_with_its_strand_and_links_to_who_took_part(world, client_for):
    html = client_for("viewer").get(url(world, "progress_list")).content.decode()

    assert "Joint summer reading with the schools" in html
    assert "Three districts took part" in html
    assert "Collaboration" in html, "the strand by its name, not its code"
    organization_url = reverse(
        "ecosystem:organization_detail", args=[world.slug, world.organization.pk]
    )
    assert f'<a href="{organization_url}">Central Public Library</a>' in html
    assert f'<a href="{world.partner.get_absolute_url()}">County Literacy Council</a>' in html


def test_entries_come_newest_first_under_a_heading_per_year(world, client_for):
    add_entry(world, "Spring meeting 2024", on=date(2024, 4, 2))
    add_entry(world, "Fall meeting 2024", on=date(2024, 10, 9))
    add_entry(world, "Winter meeting 2023", on=date(2023, 1, 20))

    response = client_for("viewer").get(url(world, "progress_list"))

    years = [group.year for group in response.context["years"]]
    assert years == sorted(years, reverse=True)
    assert years[-2:] == [2024, 2023]
    assert activities(response)[-3:] == [
        "Fall meeting 2024",
        "Spring meeting 2024",
        "Winter meeting 2023",
    ]
    html = response.content.decode()
    assert re.search(r"<h2[^>]*>2024</h2>", html)
    assert re.search(r"<h2[^>]*>2023</h2>", html)


def test_an_indicator_shows_with_its_code_and_statement(world, client_for):
    add_entry(world, "Invited the tribal library", strand="LEAD", indicator="LEAD-1")

    html = client_for("viewer").get(url(world, "progress_list")).content.decode()

    assert "LEAD-1" in html
    assert "Every type of library in the state has a seat at the ecosystem" in html


def test_the_timeline_filters_by_strand_year_and_words(world, client_for):
    add_entry(world, "Leadership retreat", on=date(2024, 5, 1), strand="LEAD")
    add_entry(world, "Newsletter launched", on=date(2025, 2, 1), strand="COMM")
    client = client_for("viewer")

    def listed(**query):
        return activities(client.get(url(world, "progress_list"), query))

    assert listed(strand="LEAD") == ["Leadership retreat"]
    assert listed(year="2025") == ["Newsletter launched"]
    assert listed(strand="COMM", year="2024") == []
    assert listed(q="newsletter") == ["Newsletter launched"]
    assert listed(q="literacy council") == ["Joint summer reading with the schools"], (
        "a partner's name finds the entries it took part in"
    )
    assert listed(q="Central") == ["Joint summer reading with the schools"]


def test_a_search_matching_several_names_lists_the_entry_once(world, client_for):
    world.progress_entry.organizations.add(
        Organization.objects.create(
            ecosystem=world.ecosystem, name="Central Schools", kind=Organization.Kind.SCHOOL_LIBRARY
        )
    )

    response = client_for("viewer").get(url(world, "progress_list"), {"q": "central"})

    assert activities(response) == ["Joint summer reading with the schools"]
    assert response.context["page"].paginator.count == 1


def test_the_filters_offer_the_continuums_strands_and_only_years_with_entries(world, client_for):
    add_entry(world, "Old step", on=date(2019, 6, 1))

    form = client_for("viewer").get(url(world, "progress_list")).context["filter"].form

    strands = [label for value, label in form.fields["strand"].choices if value]
    assert strands == ["Leadership", "Communication", "Collaboration", "Sustainability"]
    years = [value for value, label in form.fields["year"].choices if value]
    assert "2019" in years
    assert "2018" not in years
    assert years == sorted(years, reverse=True)


def test_the_per_strand_counts_follow_the_year_and_search_but_not_the_strand(world, client_for):
    add_entry(world, "Leadership retreat", on=date(2024, 5, 1), strand="LEAD")
    add_entry(world, "Rotating chair agreed", on=date(2024, 9, 1), strand="LEAD")
    add_entry(world, "Newsletter launched", on=date(2024, 2, 1), strand="COMM")
    add_entry(world, "Earlier newsletter", on=date(2023, 2, 1), strand="COMM")
    client = client_for("viewer")

    def counts(**query):
        context = client.get(url(world, "progress_list"), query).context
        return {strand.code: count for strand, count in context["strand_counts"]}

    assert counts(year="2024") == {"LEAD": 2, "COMM": 1}
    assert counts(year="2024", strand="LEAD") == {"LEAD": 2, "COMM": 1}
    assert counts(q="newsletter") == {"COMM": 2}


def test_htmx_filtering_gets_the_results_alone(world, client_for):
    response = client_for("viewer").get(
        url(world, "progress_list"), {"strand": "COLLAB"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert "<h1" not in html
    assert "Joint summer reading with the schools" in html
    assert "HX-Request" in response["Vary"]


def test_the_timeline_is_paginated(world, client_for):
    for number in range(30):
        add_entry(world, f"Step {number:02}", on=date(2020, 1, 1) + timedelta(days=number))

    first = client_for("viewer").get(url(world, "progress_list"))
    second = client_for("viewer").get(url(world, "progress_list"), {"page": 2})

    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 6
    assert "Step 00" in activities(second)


def test_the_timeline_holds_only_this_ecosystems_entries(world, client_for):
    world.other_progress_entry.activity = "Secret of the other ecosystem"
    world.other_progress_entry.save()

    html = client_for("coordinator").get(url(world, "progress_list")).content.decode()

    assert "Secret of the other ecosystem" not in html


def test_viewers_read_the_record_without_edit_controls(world, client_for):
    html = client_for("viewer").get(url(world, "progress_list")).content.decode()

    assert url(world, "progress_detail", pk=world.progress_entry.pk) in html
    assert url(world, "progress_create") not in html
    assert url(world, "progress_update", pk=world.progress_entry.pk) not in html
    assert url(world, "progress_delete", pk=world.progress_entry.pk) not in html


def test_editors_get_links_to_add_edit_and_delete(world, client_for):
    html = client_for("editor").get(url(world, "progress_list")).content.decode()

    assert url(world, "progress_create") in html
    assert url(world, "progress_update", pk=world.progress_entry.pk) in html
    assert url(world, "progress_delete", pk=world.progress_entry.pk) in html


def test_an_empty_record_points_to_the_worked_example(world, client_for):
    ProgressEntry.objects.filter(ecosystem=world.ecosystem).delete()

    html = client_for("viewer").get(url(world, "progress_list")).content.decode()

    assert "Nothing is recorded yet." in html
    assert url(world, "progress_example") in html


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("progress_detail", "get"),
        ("progress_update", "get"),
        ("progress_update", "post"),
        ("progress_delete", "get"),
        ("progress_delete", "post"),
    ],
)
def test_another_ecosystems_entry_answers_404(world, client_for, name, method):
    foreign = world.other_progress_entry

    response = getattr(client_for("coordinator"), method)(
        url(world, name, pk=foreign.pk), form_data(world, version=foreign.version)
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.activity == "Joint summer reading with the schools"


# --- Recording a step ----------------------------------------------------------------------


def test_an_editor_records_a_step_with_the_organizations_and_partners_involved(world, client_for):
    response = client_for("editor").post(url(world, "progress_create"), form_data(world))

    assert response.status_code == 302
    assert response["Location"] == url(world, "progress_list")
    entry = ProgressEntry.objects.get(activity="Started a shared calendar of library events")
    assert entry.ecosystem == world.ecosystem
    assert (entry.strand_code, entry.indicator_code) == ("COMM", "COMM-1")
    assert entry.date == date(2026, 3, 14)
    assert list(entry.organizations.all()) == [world.organization]
    assert list(entry.partners.all()) == [world.partner]
    assert entry.recorded_by == world.users["editor"]


def test_the_strand_choices_are_the_continuums_and_indicators_are_grouped_by_strand(
    world, client_for
):
    response = client_for("editor").get(url(world, "progress_create"))

    form = response.context["form"]
    strands = [value for value, label in form.fields["strand_code"].choices if value]
    assert strands == ["LEAD", "COMM", "COLLAB", "SUST"]
    html = response.content.decode()
    assert '<optgroup label="Leadership">' in html
    assert '<optgroup label="Sustainability">' in html
    assert html.count("<optgroup") == 4
    assert '<option value="COLLAB-4">' in html


def test_an_indicator_of_another_strand_is_refused_next_to_the_field(world, client_for):
    data = form_data(world, strand_code="LEAD", indicator_code="COMM-1", activity="Typed words")

    response = client_for("editor").post(url(world, "progress_create"), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["indicator_code"] == [
        "COMM-1 belongs to Communication, not to Leadership. Choose an indicator of "
        "Leadership, choose none, or change the strand."
    ]
    html = response.content.decode()
    assert "Typed words" in html, "what was typed is still there"
    assert not ProgressEntry.objects.filter(activity="Typed words").exists()


def test_a_strand_must_be_chosen_and_an_activity_written(world, client_for):
    response = client_for("editor").post(
        url(world, "progress_create"), form_data(world, strand_code="", activity="")
    )

    form = response.context["form"]
    assert set(form.errors) == {"strand_code", "activity"}


def test_a_strand_outside_the_continuum_is_refused(world, client_for):
    response = client_for("editor").post(
        url(world, "progress_create"), form_data(world, strand_code="BEST", indicator_code="")
    )

    assert response.context["form"].errors["strand_code"] == [
        "Choose one of the Continuum's strands."
    ]


def test_another_ecosystems_organizations_and_partners_cannot_be_chosen(world, client_for):
    data = form_data(
        world,
        organizations=[world.other_organization.pk],
        partners=[world.other_partner.pk],
        activity="Sneaky step",
    )

    response = client_for("editor").post(url(world, "progress_create"), data)

    form = response.context["form"]
    assert form.errors["organizations"] == ["Choose among this ecosystem's own organizations."]
    assert form.errors["partners"] == ["Choose among this ecosystem's own partners."]
    assert not ProgressEntry.objects.filter(activity="Sneaky step").exists()
    html = response.content.decode()
    assert "Other Town Library" not in html
    assert "Other Town Rotary Club" not in html


def test_the_form_lists_only_this_ecosystems_organizations_and_partners(world, client_for):
    form = client_for("editor").get(url(world, "progress_create")).context["form"]

    assert list(form.fields["organizations"].queryset) == [world.organization]
    assert list(form.fields["partners"].queryset) == [world.partner]


def test_an_editor_changes_an_entry(world, client_for):
    entry = world.progress_entry
    data = form_data(world, version=entry.version, activity="Joint summer reading, all schools")

    response = client_for("editor").post(url(world, "progress_update", pk=entry.pk), data)

    assert response.status_code == 302
    assert response["Location"] == url(world, "progress_detail", pk=entry.pk)
    entry.refresh_from_db()
    assert entry.activity == "Joint summer reading, all schools"
    assert entry.strand_code == "COMM"
    assert entry.version == 2


def test_a_concurrent_edit_shows_both_versions_and_keeps_what_was_typed(world, client_for):
    entry = world.progress_entry
    started_from = entry.version
    # Someone else saves first.
    ProgressEntry.objects.filter(pk=entry.pk).update(
        version=started_from + 1, activity="Their wording", strand_code="LEAD"
    )
    data = form_data(
        world,
        version=started_from,
        activity="My wording",
        strand_code="COMM",
        organizations=[],
    )

    response = client_for("editor").post(url(world, "progress_update", pk=entry.pk), data)

    assert response.status_code == 200
    conflicts = {
        label: (theirs, yours) for label, theirs, yours in response.context["form"].conflicts
    }
    assert conflicts["Activity"] == ("Their wording", "My wording")
    assert conflicts["Strand"] == ("Leadership", "Communication")
    assert conflicts["Participating organizations involved"] == ("Central Public Library", "")
    html = response.content.decode()
    assert "Someone else saved this while you were editing." in html
    assert "My wording" in html
    entry.refresh_from_db()
    assert entry.activity == "Their wording"


def test_saving_again_after_a_conflict_keeps_the_second_save(world, client_for):
    entry = world.progress_entry
    ProgressEntry.objects.filter(pk=entry.pk).update(version=entry.version + 1)
    client = client_for("editor")
    data = form_data(world, version=entry.version, activity="Mine after all")
    shown = client.post(url(world, "progress_update", pk=entry.pk), data)
    data["version"] = shown.context["form"].data["version"]

    response = client.post(url(world, "progress_update", pk=entry.pk), data)

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.activity == "Mine after all"


def test_an_entry_tagged_with_a_strand_the_continuum_dropped_keeps_it_when_edited(
    world, client_for
):
    entry = add_entry(world, "From an older edition", strand="OLD", indicator="OLD-1")

    form = client_for("editor").get(url(world, "progress_update", pk=entry.pk)).context["form"]

    assert ("OLD", "OLD") in form.fields["strand_code"].choices
    assert ("OLD-1", "OLD-1") in form.fields["indicator_code"].choices


def test_deleting_an_entry_removes_it(world, client_for):
    entry = world.progress_entry

    response = client_for("editor").post(url(world, "progress_delete", pk=entry.pk))

    assert response["Location"] == url(world, "progress_list")
    assert not ProgressEntry.objects.filter(pk=entry.pk).exists()
    assert Partner.objects.filter(pk=world.partner.pk).exists(), "the partner stays"


# --- One entry and its history -------------------------------------------------------------


def test_the_entry_page_shows_the_entry_and_who_changed_what(world, client_for):
    entry = world.progress_entry
    client_for("editor").post(
        url(world, "progress_update", pk=entry.pk),
        form_data(world, version=entry.version, activity="A clearer activity"),
    )

    page = client_for("viewer").get(url(world, "progress_detail", pk=entry.pk))

    html = page.content.decode()
    assert "A clearer activity" in html
    history = page.context["history"]
    assert [step.kind for step in history] == ["Changed", "Added"]
    assert history[0].who == "Editor Person"
    changes = {change.field: (change.old, change.new) for change in history[0].changes}
    assert changes["activity"] == ("Joint summer reading with the schools", "A clearer activity")
    assert changes["strand"] == ("Collaboration", "Communication")
    assert changes["indicator"] == (
        "",
        "COMM-1 Member organizations have regular, dependable channels for sharing news with "
        "one another.",
    )


# --- The CSV ---------------------------------------------------------------------------------


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_has_a_row_per_entry_with_names_not_codes(world, client_for):
    entry = add_entry(
        world,
        '=HYPERLINK("http://evil.example")',
        on=date(2025, 5, 6),
        strand="LEAD",
        indicator="LEAD-1",
        outcome="Two new members",
    )
    entry.organizations.add(world.organization)

    response = client_for("viewer").get(url(world, "progress_export"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "test-state-progress-record-" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == [
        "Date",
        "Strand",
        "Indicator code",
        "Indicator",
        "Activity",
        "Outcome",
        "Evidence",
        "Next step",
        "Organizations",
        "Partners",
    ]
    assert len(rows) == 2
    summer = next(row for row in rows if row[4] == "Joint summer reading with the schools")
    assert summer[1] == "Collaboration"
    assert summer[8:] == ["Central Public Library", "County Literacy Council"]
    mine = next(row for row in rows if row[0] == "2025-05-06")
    assert mine[1:4] == [
        "Leadership",
        "LEAD-1",
        "Every type of library in the state has a seat at the ecosystem\u2019s table.",
    ]
    assert mine[4].startswith("'="), "a formula typed into the record never runs"


def test_the_csv_follows_the_timelines_filters(world, client_for):
    add_entry(world, "Leadership retreat", strand="LEAD")

    response = client_for("viewer").get(url(world, "progress_export"), {"strand": "LEAD"})

    _header, *rows = read_csv(response)
    assert [row[4] for row in rows] == ["Leadership retreat"]


def test_the_continuum_strands_come_in_the_rubrics_order_with_their_indicators(world):
    strands = continuum_strands()

    assert [strand.code for strand in strands] == ["LEAD", "COMM", "COLLAB", "SUST"]
    assert [indicator.code for indicator in strands.strand("SUST").indicators] == [
        f"SUST-{number}" for number in range(1, 6)
    ]
    assert strands.strand_name("GONE") == "GONE"


def test_a_year_or_strand_not_offered_is_ignored_rather_than_failing(world, client_for):
    response = client_for("viewer").get(
        url(world, "progress_list"), {"year": "1066", "strand": "NOPE", "q": "summer"}
    )

    assert response.status_code == 200
    assert activities(response) == ["Joint summer reading with the schools"]
    counts = {strand.code: count for strand, count in response.context["strand_counts"]}
    assert counts == {"COLLAB": 1}


def test_editing_an_entry_autosaves_as_htmx_posts(world, client_for):
    entry = world.progress_entry
    response = client_for("editor").post(
        url(world, "progress_update", pk=entry.pk),
        form_data(world, activity="Half-typed activity", version=entry.version),
        headers={"HX-Request": "true"},
    )

    entry.refresh_from_db()
    assert "Draft saved" in response.content.decode()
    assert entry.activity == "Half-typed activity"
    assert f'name="version" value="{entry.version}"' in response.content.decode()
