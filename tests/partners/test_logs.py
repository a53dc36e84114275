"""A partner's interaction log: logging, editing with history, conflicts, overdue next
steps, marking them done, and what the partner page shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from partners.log import partner_page
from partners.models import Interaction, Partner
from tests.helpers import assert_queries_do_not_grow


def url(world, name, **kwargs):
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def detail(world, client):
    return client.get(url(world, "partner_detail", pk=world.partner.pk)).content.decode()


def add_entries(partner, count, **fields):
    today = timezone.localdate()
    Interaction.objects.bulk_create(
        Interaction(
            partner=partner,
            date=today - timedelta(days=i + 1),
            summary=fields.get("summary", f"Talked about item {i}"),
            next_step=fields.get("next_step", ""),
            next_step_due=fields.get("next_step_due"),
        )
        for i in range(count)
    )


# --- Logging -------------------------------------------------------------------------------


def test_an_editor_logs_an_interaction_and_it_appears_on_the_partner_page(world, client_for):
    client = client_for("editor")

    response = client.post(
        url(world, "interaction_create", pk=world.partner.pk),
        {
            "date": timezone.localdate().isoformat(),
            "kind": "event",
            "summary": "Ran a family literacy night together",
            "participants": "Pat Reader, two volunteers",
            "outcome": "Forty families came",
            "next_step": "Send the thank-you letter",
            "next_step_due": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"/partners/{world.partner.pk}/#log")
    entry = world.partner.interactions.get(kind="event")
    assert entry.recorded_by == world.users["editor"]
    page = client.get(response["Location"]).content.decode()
    assert "The interaction was added to the log." in page
    assert "Ran a family literacy night together" in page
    assert "Forty families came" in page
    assert "Send the thank-you letter" in page


def test_a_viewer_reads_the_log_but_sees_no_edit_controls(world, client_for):
    client = client_for("viewer")

    page = detail(world, client)
    log = client.get(url(world, "interaction_list", pk=world.partner.pk)).content.decode()

    for html in (page, log):
        assert "Met the tutoring coordinator" in html
        assert "Log an interaction" not in html
        assert "Mark the next step done" not in html
    assert "History" in log


def test_a_viewer_cannot_log_an_interaction(world, client_for):
    response = client_for("viewer").post(
        url(world, "interaction_create", pk=world.partner.pk),
        {"date": "2026-01-01", "kind": "call", "summary": "Sneaky"},
    )

    assert response.status_code == 403
    assert not Interaction.objects.filter(summary="Sneaky").exists()


def test_an_invalid_entry_keeps_what_was_typed_and_says_what_is_wrong(world, client_for):
    response = client_for("editor").post(
        url(world, "interaction_create", pk=world.partner.pk),
        {
            "date": "2026-02-30",
            "kind": "call",
            "summary": "",
            "outcome": "They liked the idea",
            "next_step_due": "2026-03-10",
        },
    )

    html = response.content.decode()
    assert response.status_code == 422
    form = response.context["form"]
    assert set(form.errors) == {"date", "summary", "next_step_due"}
    assert "Say what the next step is, or clear its due date." in html
    assert "They liked the idea" in html
    assert 'type="date"' in html


def test_another_ecosystems_entry_is_not_found_through_your_partner(world, client_for):
    other_entry = world.other_partner.interactions.get()
    client = client_for("coordinator")

    for name, method in [
        ("interaction_update", "get"),
        ("interaction_update", "post"),
        ("interaction_delete", "post"),
        ("interaction_history", "get"),
        ("interaction_done", "post"),
    ]:
        response = getattr(client, method)(
            url(world, name, pk=world.partner.pk, interaction_pk=other_entry.pk)
        )
        assert response.status_code == 404, name
    assert client.get(url(world, "interaction_list", pk=world.other_partner.pk)).status_code == 404
    assert world.other_partner.interactions.get().next_step_done is False


# --- History and conflicts -----------------------------------------------------------------


def test_an_edit_is_kept_in_the_history_with_who_changed_what(world, client_for):
    entry = world.interaction
    client = client_for("editor")

    client.post(
        url(world, "interaction_update", pk=world.partner.pk, interaction_pk=entry.pk),
        {
            "date": entry.date.isoformat(),
            "kind": "call",
            "summary": "Met the tutoring coordinator and the director",
            "next_step": entry.next_step,
            "next_step_due": entry.next_step_due.isoformat(),
            "version": entry.version,
        },
    )

    history = client_for("viewer").get(
        url(world, "interaction_history", pk=world.partner.pk, interaction_pk=entry.pk)
    )
    html = history.content.decode()
    latest = history.context["entries"][0]
    assert latest.who == world.users["editor"]
    assert [(c.label, c.old, c.new) for c in latest.changes] == [
        ("Kind", "Meeting", "Call"),
        (
            "What happened",
            "Met the tutoring coordinator",
            "Met the tutoring coordinator and the director",
        ),
    ]
    assert "changed by Editor Person" in html
    assert history.context["entries"][-1].created


def test_an_entry_whose_creation_was_not_recorded_says_so(world, client_for):
    entry = world.interaction
    entry.history.all().delete()
    entry.summary = "Changed after an import"
    entry.save()

    history = client_for("viewer").get(
        url(world, "interaction_history", pk=world.partner.pk, interaction_pk=entry.pk)
    )

    [only] = history.context["entries"]
    assert not only.created
    assert only.untracked
    assert "earlier history, were not kept" in history.content.decode()


def test_concurrent_edits_show_the_conflict_instead_of_overwriting(world, client_for):
    entry = world.interaction
    started_from = entry.version
    entry.summary = "Their summary"
    entry.version += 1
    entry.save()

    response = client_for("editor").post(
        url(world, "interaction_update", pk=world.partner.pk, interaction_pk=entry.pk),
        {
            "date": entry.date.isoformat(),
            "kind": "meeting",
            "summary": "My summary",
            "version": started_from,
        },
    )

    entry.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 422
    assert entry.summary == "Their summary"
    assert "Someone else saved this while you were editing" in html
    assert ("What happened", "Their summary", "My summary") in response.context["form"].conflicts
    assert "My summary" in html


# --- Overdue next steps --------------------------------------------------------------------


def test_an_overdue_next_step_is_flagged_in_words(world, client_for):
    html = detail(world, client_for("viewer"))

    assert "Send the room booking form" in html
    assert "Overdue" in html
    due = date_format(world.interaction.next_step_due)
    assert f"was due on {due} (10 days ago)" in html
    assert "1 next step is overdue." in html


def test_a_next_step_still_to_come_or_done_is_not_overdue(world, client_for):
    today = timezone.localdate()
    add_entries(world.partner, 1, next_step="Plan the fair", next_step_due=today + timedelta(3))
    done = world.partner.interactions.get(next_step="Send the room booking form")
    done.next_step_done = True
    done.save()

    html = client_for("viewer").get(url(world, "interaction_list", pk=world.partner.pk))
    html = html.content.decode()

    assert "Overdue" not in html
    assert "Done" in html
    assert "due on" in html


def test_marking_a_next_step_done_takes_one_button_and_is_kept_in_history(world, client_for):
    entry = world.interaction
    page = url(world, "interaction_list", pk=world.partner.pk)

    response = client_for("editor").post(
        url(world, "interaction_done", pk=world.partner.pk, interaction_pk=entry.pk),
        {"next": page},
    )

    entry.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == page
    assert entry.next_step_done
    assert entry.version == world.interaction.version
    assert entry.history.first().history_user == world.users["editor"]
    assert Interaction.objects.filter(partner=world.partner).overdue_next_steps().count() == 0


def test_marking_done_never_sends_you_off_this_partners_pages(world, client_for):
    entry = world.interaction

    response = client_for("editor").post(
        url(world, "interaction_done", pk=world.partner.pk, interaction_pk=entry.pk),
        {"next": "https://evil.example/phish"},
    )

    assert response["Location"].endswith(f"/partners/{world.partner.pk}/#log")


def test_an_edit_form_opened_before_marking_done_does_not_silently_undo_it(world, client_for):
    entry = world.interaction
    client = client_for("editor")
    client.post(url(world, "interaction_done", pk=world.partner.pk, interaction_pk=entry.pk))

    response = client.post(
        url(world, "interaction_update", pk=world.partner.pk, interaction_pk=entry.pk),
        {
            "date": entry.date.isoformat(),
            "kind": "meeting",
            "summary": entry.summary,
            "next_step": entry.next_step,
            "version": entry.version,
        },
    )

    assert response.status_code == 422
    assert Interaction.objects.get(pk=entry.pk).next_step_done


# --- The partner page's section and the full log -------------------------------------------


def test_the_partner_page_shows_the_ten_latest_entries_and_links_to_the_whole_log(
    world, client_for
):
    add_entries(world.partner, 14)

    html = detail(world, client_for("viewer"))

    assert "Talked about item 0" in html
    assert "Talked about item 9" in html
    assert "Talked about item 10" not in html  # the 11th newest and older: on the log page
    assert "The whole log (15 entries)" in html


def test_the_whole_log_is_paginated(world, client_for):
    add_entries(world.partner, 30)
    client = client_for("viewer")

    first = client.get(url(world, "interaction_list", pk=world.partner.pk))
    second = client.get(url(world, "interaction_list", pk=world.partner.pk), {"page": 2})

    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 6
    assert "31 entries, newest first" in first.content.decode()


def test_an_editor_deletes_an_entry_after_confirming(world, client_for):
    entry = world.interaction
    client = client_for("editor")
    target = url(world, "interaction_delete", pk=world.partner.pk, interaction_pk=entry.pk)

    confirm = client.get(target)
    response = client.post(target)

    assert "Delete the log entry of" in confirm.content.decode()
    assert response.status_code == 302
    assert not Interaction.objects.filter(pk=entry.pk).exists()


# --- Queries -------------------------------------------------------------------------------


def test_the_log_page_makes_the_same_queries_for_5_or_50_entries(world, client_for):
    def grow(count):
        add_entries(world.partner, count, next_step="Call back", next_step_due=None)
        Interaction.objects.filter(recorded_by=None).update(recorded_by=world.users["editor"])

    assert_queries_do_not_grow(
        client_for("viewer"), url(world, "interaction_list", pk=world.partner.pk), grow
    )


def test_the_history_page_makes_the_same_queries_however_often_an_entry_changed(world, client_for):
    entry = world.interaction

    def grow(count):
        for i in range(count):
            entry.summary = f"Version {i}"
            entry.save()

    assert_queries_do_not_grow(
        client_for("viewer"),
        url(world, "interaction_history", pk=world.partner.pk, interaction_pk=entry.pk),
        grow,
    )


@pytest.mark.parametrize("count", [5, 60])
def test_the_partner_pages_sections_cost_six_queries_whatever_the_logs_length(world, count):
    partner = Partner.objects.get(pk=world.partner.pk)
    add_entries(partner, count, next_step="Follow up", next_step_due=timezone.localdate())

    with CaptureQueriesContext(connection) as queries:
        context = partner_page.detail_context(partner)

    assert len(queries) == 6, [q["sql"] for q in queries]
    assert len(context["partner_log"].entries) == min(10, count + 1)
    assert context["partner_log"].contact.count == count + 1


def test_the_partner_page_itself_does_not_grow_with_the_log(world, client_for):
    def grow(count):
        add_entries(world.partner, count, next_step="Ring them", next_step_due=None)

    assert_queries_do_not_grow(
        client_for("editor"), url(world, "partner_detail", pk=world.partner.pk), grow
    )


def test_editing_a_log_entry_autosaves_as_htmx_posts_and_hands_back_the_new_version(
    world, client_for
):
    entry = world.interaction
    edit = url(world, "interaction_update", pk=world.partner.pk, interaction_pk=entry.pk)
    data = {
        "date": entry.date.isoformat(),
        "kind": entry.kind,
        "summary": "Met the tutoring coordinator; half-typed",
        "version": entry.version,
    }

    saved = client_for("editor").post(edit, data, headers={"HX-Request": "true"})

    entry.refresh_from_db()
    assert "Draft saved" in saved.content.decode()
    assert entry.summary == "Met the tutoring coordinator; half-typed"
    assert f'name="version" value="{entry.version}"' in saved.content.decode()
    # A stale version is refused in a few words, and nothing is overwritten.
    stale = client_for("editor").post(
        edit, data | {"summary": "Older words"}, headers={"HX-Request": "true"}
    )
    assert "someone else changed this" in stale.content.decode()
    entry.refresh_from_db()
    assert entry.summary == "Met the tutoring coordinator; half-typed"


def test_an_invalid_autosave_keeps_the_saved_entry_and_says_so(world, client_for):
    entry = world.interaction
    response = client_for("editor").post(
        url(world, "interaction_update", pk=world.partner.pk, interaction_pk=entry.pk),
        {"date": entry.date.isoformat(), "kind": entry.kind, "summary": "", "version": 1},
        headers={"HX-Request": "true"},
    )

    assert "Not saved: something needs fixing" in response.content.decode()
    entry.refresh_from_db()
    assert entry.summary == "Met the tutoring coordinator"
