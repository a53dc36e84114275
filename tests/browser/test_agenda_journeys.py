"""Agenda building and the agenda tools, end to end, in a real browser.

A library gives its input to the current cycle; the coordinator consolidates it with the
input already there, scores the priority and publishes one agenda, which the library then
signs on to. An editor keeps the year plan and makes a value fact sheet. Every page on the
way is checked with axe-core (WCAG 2.1 A and AA), including forms showing their errors.
"""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.accounts import sign_in, sign_out
from tests.browser.axe import assert_accessible

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from tests.world import World

pytestmark = pytest.mark.browser

CYCLE = "2027 session"
LIBRARY = "Central Public Library"
TOP_CONCERNS = "Rural branches still have no broadband worth the name."
MORE_CONCERNS = " Nor do the bookmobiles."
NEW_ISSUE = "Broadband grants for rural branches"
PUBLIC_ISSUE = "Libraries close the digital divide"
EXISTING_ISSUE = "Fund broadband in rural libraries"
PRIORITY = "Rural broadband"
TALKING_POINTS = [
    "One in four rural branches has no broadband fit for homework.",
    "A state grant of $2 million connects every branch in two years.",
]
ASK = {
    "What we ask for": "A $2 million state broadband grant for rural branches",
    "Who decides": "Senate Finance Committee",
    "By when": "2027 session",
}
WORLD_TASK = "Plan the legislative day"
NEW_TASK = "Send the legislators our value fact sheets"
SHEET = "Central Public Library, value to the community"


def open_agendas(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Agendas").click()
    expect(page.get_by_role("heading", name="Agenda building", level=1)).to_be_visible()
    assert_accessible(page)


def open_the_cycle(page: Page) -> None:
    """From anywhere: Agendas in the main navigation, then the current cycle."""
    open_agendas(page)
    page.get_by_role("region", name=CYCLE).get_by_role("link", name=CYCLE).click()
    expect(page.get_by_role("heading", name=CYCLE, level=1)).to_be_visible()
    assert_accessible(page)


def back_to_the_cycle(page: Page) -> None:
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=CYCLE).click()
    expect(page.get_by_role("heading", name=CYCLE, level=1)).to_be_visible()
    assert_accessible(page)


def pdf_text(page: Page, live_server: LiveServer, link_name: str) -> tuple[int, str]:
    """The PDF behind a link on the page: its number of pages, and its text on one line."""
    href = page.get_by_role("link", name=link_name).get_attribute("href")
    assert href
    download = page.request.get(live_server.url + href)
    assert download.ok, download.status
    assert download.headers["content-type"] == "application/pdf"
    reader = PdfReader(BytesIO(download.body()))
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages))
    return len(reader.pages), text


def test_organizations_give_input_and_the_coordinator_publishes_one_agenda_they_sign_on_to(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    contributor = world.users["contributor"]
    coordinator = world.users["coordinator"]

    # The contributor opens the library's input from the current cycle.
    sign_in(page, live_server, contributor, check_page=True)
    open_agendas(page)
    page.get_by_role("link", name=f"Give {LIBRARY}'s input").click()
    expect(page.get_by_role("heading", name=f"Input of {LIBRARY}", level=1)).to_be_visible()
    assert_accessible(page)

    # The Information Gathering Template saves itself as a draft while they type.
    concerns = page.get_by_role("textbox", name=re.compile(r"^Top concerns\b"))
    concerns.fill(TOP_CONCERNS)
    expect(page.get_by_role("status").filter(has_text="Draft saved at")).to_be_visible()
    assert_accessible(page)
    # It saves again as they type on, and the Save button still works after the drafts:
    # the page's own autosaves are never taken for someone else's changes.
    with page.expect_response(
        lambda response: response.request.method == "POST" and response.url == page.url
    ) as autosave:
        concerns.press_sequentially(MORE_CONCERNS)
    assert autosave.value.ok
    # Two drafts saved: the form's hidden version moved on with them (no role to find it by).
    expect(page.locator("input[name=version]")).to_have_value(str(world.submission.version))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Your input is saved.")).to_be_visible()
    expect(concerns).to_have_value(TOP_CONCERNS + MORE_CONCERNS)
    assert_accessible(page)

    # A legislative issue: sent empty first, to see the errors.
    page.get_by_role("link", name="Add a legislative issue").click()
    expect(
        page.get_by_role("heading", name="Legislative Issues worksheet: a new issue", level=1)
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add the issue").click()
    expect(page.get_by_role("heading", name="Please check the form")).to_be_visible()
    title = page.get_by_role("textbox", name=re.compile(r"^Issue\b"))
    expect(title).to_have_accessible_description(re.compile(r"^This field is required\."))
    assert_accessible(page)

    title.fill(NEW_ISSUE)
    library_types = page.get_by_role("group", name=re.compile(r"^Library types affected\b"))
    library_types.get_by_role("checkbox", name="Public library").check()
    library_types.get_by_role("checkbox", name="Tribal library").check()
    page.get_by_role("group", name=re.compile(r"^Level of government\b")).get_by_role(
        "radio", name="State"
    ).check()
    page.get_by_role("group", name=re.compile(r"^Kind of ask\b")).get_by_role(
        "radio", name="A budget line"
    ).check()
    page.get_by_role("group", name=re.compile(r"^Urgency\b")).get_by_role(
        "radio", name=re.compile(r"^High\b")
    ).check()
    page.get_by_role("button", name="Add the issue").click()

    expect(page.get_by_role("heading", name=f"Input of {LIBRARY}", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=f"“{NEW_ISSUE}” was added.")).to_be_visible()
    legislative = page.get_by_role("region", name="Legislative issues")
    issue = legislative.get_by_role("article").filter(
        has=page.get_by_role("heading", name=NEW_ISSUE)
    )
    expect(issue).to_contain_text("State · A budget line · High: needed this session")
    expect(issue).to_contain_text("Public library, Tribal library")
    assert_accessible(page)

    # A public-facing issue.
    page.get_by_role("link", name="Add a public-facing issue").click()
    expect(
        page.get_by_role(
            "heading", name="Public-Facing Advocacy Issues worksheet: a new issue", level=1
        )
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name=re.compile(r"^Issue\b")).fill(PUBLIC_ISSUE)
    page.get_by_role("textbox", name=re.compile(r"^Audience\b")).fill("Parents and teenagers")
    page.get_by_role("button", name="Add the issue").click()
    expect(
        page.get_by_role("status").filter(has_text=f"“{PUBLIC_ISSUE}” was added.")
    ).to_be_visible()
    expect(
        page.get_by_role("region", name="Public-facing advocacy issues").get_by_role(
            "heading", name=PUBLIC_ISSUE
        )
    ).to_be_visible()
    assert_accessible(page)

    # The draft typed earlier is still there; the input is sent.
    expect(concerns).to_have_value(TOP_CONCERNS + MORE_CONCERNS)
    page.get_by_role("link", name="Send our input").click()
    # What goes is shown before it goes.
    expect(page.get_by_role("heading", name=f"Send the input of {LIBRARY}?")).to_be_visible()
    expect(page.get_by_role("region", name=re.compile(r"public-facing issues?$"))).to_contain_text(
        PUBLIC_ISSUE
    )
    assert_accessible(page)
    page.get_by_role("button", name="Send our input").click()
    expect(
        page.get_by_role("status").filter(has_text=f"{LIBRARY}'s input is sent.")
    ).to_be_visible()
    expect(page.get_by_text(f"by {contributor.get_full_name()}.").first).to_be_visible()
    expect(page.get_by_text("To change it, edit anything above")).to_be_visible()
    expect(page.get_by_role("link", name="Send the changes")).to_be_visible()
    assert_accessible(page)
    sign_out(page, contributor)

    # The coordinator closes the input: the cycle moves on to consolidating.
    sign_in(page, live_server, coordinator, check_page=True)
    open_the_cycle(page)
    participation = page.get_by_role("table", name="Each participating organization and its input")
    expect(participation.get_by_role("row", name=re.compile(LIBRARY))).to_contain_text("Sent")
    page.get_by_role("link", name="Change or move to the next stage").click()
    expect(page.get_by_role("heading", name=f"Change {CYCLE}", level=1)).to_be_visible()
    assert_accessible(page)
    status = page.get_by_role("group", name=re.compile(r"^Status\b"))
    expect(status.get_by_role("radio", name="Gathering input")).to_be_checked()
    status.get_by_role("radio", name="Consolidating").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=CYCLE, level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="The cycle was updated.")).to_be_visible()
    expect(page.get_by_text("Consolidating", exact=True)).to_be_visible()
    assert_accessible(page)

    # Consolidating: the library's new issue joins the priority the old one is in.
    page.get_by_role("link", name="Consolidate the input").click()
    expect(page.get_by_role("heading", name="Consolidating the input", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("checkbox", name=NEW_ISSUE).check()
    page.get_by_role("checkbox", name=EXISTING_ISSUE).check()
    page.get_by_role("combobox", name="Add to an existing priority").select_option(label=PRIORITY)
    page.get_by_role("button", name="Merge").click()

    expect(page.get_by_role("heading", name="Consolidating the input", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(
        f"The selected input is now part of the priority “{PRIORITY}”."
    )
    issues = page.get_by_role("table", name="Legislative issues from every organization")
    for title_text in (NEW_ISSUE, EXISTING_ISSUE):
        expect(issues.get_by_role("row", name=re.compile(title_text))).to_contain_text(PRIORITY)
    so_far = page.get_by_role("region", name="Priorities so far")
    expect(so_far).to_contain_text(f"{PRIORITY} — 1 organization: {LIBRARY}")
    assert_accessible(page)

    # The priority: who backs it, and the talking points everyone will use.
    so_far.get_by_role("link", name=PRIORITY).click()
    expect(page.get_by_role("heading", name=PRIORITY, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Backed by")).to_be_visible()
    expect(
        page.get_by_role("listitem").filter(has_text=re.compile(rf"^{LIBRARY}$"))
    ).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=NEW_ISSUE)).to_contain_text(LIBRARY)
    expect(page.get_by_role("listitem").filter(has_text=EXISTING_ISSUE)).to_contain_text(LIBRARY)
    assert_accessible(page)

    page.get_by_role("link", name="Edit the talking points and the ask").click()
    expect(page.get_by_role("heading", name=f"Edit {PRIORITY}", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name=re.compile(r"^Shared talking points\b")).fill(
        "\n".join(TALKING_POINTS)
    )
    for label, value in ASK.items():
        page.get_by_role("textbox", name=re.compile(rf"^{label}\b")).fill(value)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=PRIORITY, level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=f"“{PRIORITY}” was saved.")).to_be_visible()
    for point in TALKING_POINTS:
        expect(page.get_by_role("listitem").filter(has_text=point)).to_be_visible()
    for value in ASK.values():
        expect(page.get_by_role("definition").filter(has_text=value)).to_be_visible()
    assert_accessible(page)

    # Scores, then the ranking.
    back_to_the_cycle(page)
    page.get_by_role("region", name="Priorities").get_by_role(
        "link", name="Give your scores"
    ).click()
    expect(page.get_by_role("heading", name="Your scores", level=1)).to_be_visible()
    assert_accessible(page)
    sheet = page.get_by_role("group", name=PRIORITY)
    for criterion, value in (("Breadth", "5"), ("Impact", "4"), ("Feasibility", "3")):
        sheet.get_by_role("combobox", name=f"{criterion} ({PRIORITY})").select_option(value)
    sheet.get_by_role("combobox", name=f"Urgency ({PRIORITY})").select_option("5")
    page.get_by_role("button", name="Save my scores").click()

    expect(page.get_by_role("heading", name="Ranking of the priorities", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Your scores are saved.")).to_be_visible()
    ranking = page.get_by_role("table", name="Priorities, best first")
    row = ranking.get_by_role("row", name=re.compile(PRIORITY))
    expect(row.get_by_role("cell").first).to_have_text("1")
    expect(row).to_contain_text("you: 5")
    expect(row).to_contain_text(LIBRARY)
    assert_accessible(page)

    # Publishing freezes the agenda.
    back_to_the_cycle(page)
    page.get_by_role("link", name="Publish the agenda").click()
    expect(
        page.get_by_role("heading", name="Publish the One Voice agenda", level=1)
    ).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=PRIORITY)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish", exact=True).click()

    expect(page.get_by_role("heading", name=f"One Voice agenda: {CYCLE}", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(
        "Version 1 of the agenda is published; organizations can now sign on."
    )
    published = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=PRIORITY, level=2)
    )
    expect(published.get_by_role("listitem")).to_have_text(TALKING_POINTS)
    expect(published).to_contain_text(f"Raised by {LIBRARY}.")
    expect(
        page.get_by_role("heading", name="0 organizations stand behind it", level=2)
    ).to_be_visible()
    assert_accessible(page)
    sign_out(page, coordinator)

    # The library signs on to the published agenda.
    sign_in(page, live_server, contributor, check_page=True)
    open_the_cycle(page)
    page.get_by_role("region", name="The One Voice agenda").get_by_role(
        "link", name=re.compile(r"^Version 1\b")
    ).click()
    expect(page.get_by_role("heading", name=f"One Voice agenda: {CYCLE}", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=f"Sign on for {LIBRARY}").click()

    expect(page.get_by_role("status")).to_contain_text(f"{LIBRARY} now stands behind this agenda.")
    backers = page.get_by_role("region", name="1 organization stands behind it")
    expect(backers.get_by_role("listitem")).to_have_count(1)
    expect(backers.get_by_role("listitem")).to_contain_text(LIBRARY)
    expect(page.get_by_role("button", name=re.compile(r"^Sign on\b"))).to_have_count(0)
    assert_accessible(page)

    # The one-pager to hand a legislator.
    pages, text = pdf_text(page, live_server, "One-pager (PDF)")
    assert pages == 1, text
    assert PRIORITY in text
    assert TALKING_POINTS[0] in text
    assert LIBRARY in text  # signed on by
    assert ASK["Who decides"] in text
    assert "Score" not in text


def test_the_year_plan_and_a_fact_sheet_are_usable_with_a_keyboard_and_a_screen_reader(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    editor = world.users["editor"]
    last_week = timezone.localdate() - timedelta(days=7)

    # The year plan, as a list.
    sign_in(page, live_server, editor, check_page=True)
    open_agendas(page)
    page.get_by_role("link", name="Year Round Advocacy Checklist").click()
    expect(
        page.get_by_role("heading", name="Year Round Advocacy Checklist", level=1)
    ).to_be_visible()
    tasks = page.get_by_role("table", name="Tasks of the year plan, soonest due first")
    expect(page.get_by_role("status").filter(has_text="1 task in the plan")).to_be_visible()
    world_task = tasks.get_by_role("row", name=re.compile(WORLD_TASK))
    expect(world_task).to_contain_text(world.users["coordinator"].get_full_name())
    expect(world_task).to_contain_text("To do")
    assert_accessible(page)

    # Overdue only: the world's task is due today, so nothing is overdue yet.
    filters = page.get_by_role("search", name="Filter tasks")
    filters.get_by_role("combobox", name="Due").select_option(label="Overdue only")
    filters.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status").filter(has_text="0 tasks match the filter")).to_be_visible()
    expect(page).to_have_url(re.compile(r"overdue=yes"))
    expect(page.get_by_text("No task matches.")).to_be_visible()
    assert_accessible(page)

    # The month calendar.
    page.get_by_role("link", name="Month calendar").click()
    expect(page.get_by_role("heading", name="Year plan calendar", level=1)).to_be_visible()
    calendar = page.get_by_role("table", name=re.compile(r"\d+ tasks? due$"))
    today = calendar.locator("[aria-current=date]")
    expect(today).to_contain_text("Today")
    expect(today).to_contain_text(WORLD_TASK)
    assert_accessible(page)

    # A new task, already overdue.
    page.get_by_role("link", name="Back to the task list").click()
    page.get_by_role("link", name="Add a task").click()
    expect(page.get_by_role("heading", name="Add a task to the year plan", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name=re.compile(r"^Task\b")).fill(NEW_TASK)
    page.get_by_role("textbox", name=re.compile(r"^Due\b")).fill(last_week.isoformat())
    page.get_by_role("combobox", name=re.compile(r"^Owner\b")).select_option(
        label=editor.get_full_name()
    )
    page.get_by_role("button", name="Add the task").click()

    expect(
        page.get_by_role("heading", name="Year Round Advocacy Checklist", level=1)
    ).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text=f"“{NEW_TASK}” was added to the plan.")
    ).to_be_visible()
    new_task = tasks.get_by_role("row", name=re.compile(NEW_TASK))
    expect(new_task).to_contain_text(editor.get_full_name())
    expect(new_task).to_contain_text("Overdue")
    assert_accessible(page)

    # The world's task is done, through its own status form.
    page.get_by_role("combobox", name=f"New status for {WORLD_TASK}").select_option(label="Done")
    page.get_by_role("button", name=f"Change the status of {WORLD_TASK}").click()
    expect(
        page.get_by_role("status").filter(has_text=f"“{WORLD_TASK}” is now marked: Done.")
    ).to_be_visible()
    expect(world_task.get_by_role("cell").filter(has_text="Done").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Show only overdue tasks").click()
    expect(page.get_by_role("status").filter(has_text="1 task matches the filter")).to_be_visible()
    expect(tasks.get_by_role("row", name=re.compile(NEW_TASK))).to_be_visible()
    expect(tasks.get_by_role("row", name=re.compile(WORLD_TASK))).to_have_count(0)
    assert_accessible(page)

    # The calendar feed: an address to copy, which serves the plan.
    page.get_by_role("link", name="Subscribe in your calendar app").click()
    expect(
        page.get_by_role("heading", name="The year plan in your calendar app", level=1)
    ).to_be_visible()
    address = page.get_by_role("textbox", name="Copy this address into your calendar app")
    expect(address).to_have_value(f"{live_server.url}/feeds/{world.feed.token}.ics")
    assert_accessible(page)
    feed = page.request.get(address.input_value())
    assert feed.ok, feed.status
    assert "BEGIN:VCALENDAR" in feed.text()
    assert NEW_TASK in feed.text()

    # A value fact sheet: first with a negative count.
    open_agendas(page)
    page.get_by_role("link", name="Value fact sheets").click()
    expect(page.get_by_role("heading", name="Value fact sheets", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="New fact sheet").click()
    expect(page.get_by_role("heading", name="New value fact sheet", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("textbox", name=re.compile(r"^Title\b")).fill(SHEET)
    page.get_by_role("combobox", name=re.compile(r"^Library\b")).select_option(label=LIBRARY)
    page.get_by_role("textbox", name=re.compile(r"^Households served\b")).fill("5,010")
    page.get_by_role("textbox", name=re.compile(r"^People served\b")).fill("12525")
    page.get_by_role("textbox", name=re.compile(r"^Annual budget\b")).fill("$83,500")
    books = page.get_by_role("textbox", name="Books borrowed: how many in the year", exact=True)
    books.fill("-12000")
    page.get_by_role("textbox", name="Program attendance: how many in the year").fill("1,500")
    page.get_by_role("textbox", name="Computer and Wi-Fi sessions: how many in the year").fill(
        "2000"
    )
    page.get_by_role("button", name="Save the fact sheet").click()

    alert = page.get_by_role("alert")
    expect(alert.get_by_role("heading", name="Please check the form")).to_be_visible()
    expect(alert).to_contain_text("Enter zero or more: a count cannot be negative.")
    expect(books).to_have_value("-12000")
    # Its unit (the help text), then the error, as Django describes every field.
    expect(books).to_have_accessible_description(
        "items borrowed Enter zero or more: a count cannot be negative."
    )
    alert.get_by_role("link", name="Books borrowed: how many in the year").click()
    expect(books).to_be_focused()
    assert_accessible(page)

    books.fill("12,000")
    page.get_by_role("button", name="Save the fact sheet").click()

    expect(page.get_by_role("heading", name=SHEET, level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=f"{SHEET} was added.")).to_be_visible()
    # 12,000 times $17 + 1,500 times $15 + 2,000 times $12 make $250,500; over a budget of $83,500.
    figures = page.get_by_role("region", name="Value returned to the community")
    expect(figures).to_contain_text("$250,500.00")
    expect(figures).to_contain_text("$50.00")  # per household
    expect(figures).to_contain_text("$20.00")  # per person
    expect(
        figures.get_by_text(
            f"For every dollar in its budget, {LIBRARY} returned $3.00 to its community."
        )
    ).to_be_visible()
    lines = page.get_by_role("table", name=re.compile(r"^What the community used in"))
    expect(lines.get_by_role("row", name=re.compile(r"^Books borrowed\b"))).to_contain_text(
        "$204,000.00"
    )
    assert_accessible(page)

    pages, text = pdf_text(page, live_server, "Printable fact sheet (PDF)")
    assert pages == 1, text
    assert SHEET in text
    assert "$250,500" in text
