"""A coordinator runs a Continuum round, end to end, in a real browser.

Two members answer it as far apart as the scale allows, so every indicator is seen
differently; the coordinator closes the round, reads the results, records the level the
group agreed on for one indicator and downloads the results as a PDF. Every page on the
way is checked with axe-core (WCAG 2.1 A and AA), including a refused early submission.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.accounts import sign_in, sign_out
from tests.browser.axe import assert_accessible

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from tests.world import World

pytestmark = pytest.mark.browser

ROUND_TITLE = "Autumn Continuum check-in"
STRANDS = ["Leadership", "Communication", "Collaboration", "Sustainability"]
STRAND_CODES = ["LEAD", "COMM", "COLLAB", "SUST"]
INDICATORS_PER_STRAND = 5
LOWEST = "Getting started"
HIGHEST = "Thriving"
INDICATOR = re.compile(r"^[A-Z]+-\d+\. ")
CONTRIBUTOR_EVIDENCE = "Only the central library sends anyone to the planning meetings."
EDITOR_EVIDENCE = "Every member library takes a turn chairing the shared steering group."
RATIONALE = "We share a steering group, but only two libraries really carry it so far."


def open_the_round(page: Page, *, invited: bool = False) -> None:
    """From anywhere: Continuum in the main navigation, then the round's title."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Continuum").click()
    expect(page.get_by_role("heading", name="Ecosystem Continuum", level=1)).to_be_visible()
    assert_accessible(page)
    open_rounds = page.get_by_role("region", name="Open rounds")
    if invited:
        # The world's own open round has a button too; each names its round.
        start = open_rounds.get_by_role(
            "link", name=re.compile(rf"^Start answering\W+{ROUND_TITLE}$")
        )
        expect(start).to_be_visible()
    open_rounds.get_by_role("link", name=ROUND_TITLE, exact=True).click()
    expect(page.get_by_role("heading", name=ROUND_TITLE, level=1)).to_be_visible()
    assert_accessible(page)


def answer_strand(page: Page, step: int, level: str, evidence: str = "") -> None:
    """On a strand's page: the same level for every indicator, evidence for the first."""
    expect(page.get_by_text(f"Strand {step} of {len(STRANDS)}")).to_be_visible()
    expect(page.get_by_role("heading", name=STRANDS[step - 1], level=1)).to_be_visible()
    assert_accessible(page)
    indicators = page.get_by_role("group", name=INDICATOR)
    expect(indicators).to_have_count(INDICATORS_PER_STRAND)
    for indicator in indicators.all():
        indicator.get_by_role("radio", name=re.compile(rf"^{level}\b")).check()
    if evidence:
        page.get_by_label(f"Evidence for {STRAND_CODES[step - 1]}-1", exact=True).fill(evidence)
    last = step == len(STRANDS)
    page.get_by_role("button", name="Save and review" if last else "Save and continue").click()


def answer_the_round(page: Page, level: str, evidence: str) -> None:
    page.get_by_role("link", name="Start answering").click()
    for step in range(1, len(STRANDS) + 1):
        answer_strand(page, step, level, evidence if step == 1 else "")
    submit_the_answers(page)


def submit_the_answers(page: Page) -> None:
    expect(page.get_by_role("heading", name="Review your answers", level=1)).to_be_visible()
    expect(page.get_by_text("no answer yet")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name=ROUND_TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Thank you: your answers are in.")
    expect(page.get_by_text("Status: Submitted")).to_be_visible()
    assert_accessible(page)


def test_a_coordinator_runs_a_round_sees_the_disagreement_and_records_consensus(
    transactional_db: None, live_server: LiveServer, world: World, page: Page
) -> None:
    coordinator = world.users["coordinator"]
    contributor = world.users["contributor"]
    editor = world.users["editor"]

    # The coordinator opens a round for the contributor and the editor only.
    sign_in(page, live_server, coordinator, check_page=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Continuum").click()
    expect(page.get_by_role("heading", name="Ecosystem Continuum", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Open a round").click()
    expect(
        page.get_by_role("heading", name="Open a self-assessment round", level=1)
    ).to_be_visible()
    assert_accessible(page)

    instrument = page.get_by_role("combobox", name=re.compile(r"^Instrument\b"))
    expect(instrument.locator("option:checked")).to_have_text(re.compile(r"^Ecosystem Continuum\b"))
    page.get_by_role("textbox", name=re.compile(r"^Title\b")).fill(ROUND_TITLE)
    expect(page.get_by_role("radio", name="Answers two levels apart or more")).to_be_checked()
    invitees = page.get_by_role("group", name=re.compile(r"^Who is invited to answer\b"))
    expect(invitees.get_by_role("checkbox")).to_have_count(3)
    for user in (contributor, editor):
        expect(
            invitees.get_by_role("checkbox", name=re.compile(user.get_full_name()))
        ).to_be_checked()
    invitees.get_by_role("checkbox", name=re.compile(coordinator.get_full_name())).uncheck()
    page.get_by_role("button", name="Open the round").click()

    expect(page.get_by_role("heading", name=ROUND_TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(
        "The round is open. 2 members can now answer."
    )
    invited = page.get_by_role("table", name="Invited members and where they are")
    expect(invited.get_by_role("row")).to_have_count(3)  # the header and two members
    expect(invited.get_by_role("rowheader", name=contributor.get_full_name())).to_be_visible()
    expect(invited.get_by_role("rowheader", name=editor.get_full_name())).to_be_visible()
    assert_accessible(page)
    sign_out(page, coordinator)

    # The contributor answers the first strand, then tries to submit too early.
    sign_in(page, live_server, contributor, check_page=True)
    open_the_round(page, invited=True)
    page.get_by_role("link", name="Start answering").click()
    answer_strand(page, 1, LOWEST, CONTRIBUTOR_EVIDENCE)

    expect(page.get_by_role("heading", name=STRANDS[1], level=1)).to_be_visible()
    page.get_by_role("navigation", name="Strands").get_by_role(
        "link", name="Review and submit"
    ).click()
    expect(page.get_by_role("heading", name="Review your answers", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit my answers").click()

    # Refused: back on the review page, which lists what is missing.
    expect(page.get_by_role("alert")).to_have_text(
        "Your answers were not submitted: 15 indicators have no answer yet."
    )
    refusal = page.get_by_role("region", name="15 indicators have no answer yet")
    unanswered = refusal.get_by_role("listitem")
    expect(unanswered).to_have_count(15)
    expect(unanswered.first).to_have_text(re.compile(r"^COMM-1\. "))
    expect(unanswered.last).to_have_text(re.compile(r"^SUST-5\. "))
    expect(refusal.get_by_role("link", name=re.compile(r"^LEAD-"))).to_have_count(0)
    leadership = page.get_by_role("table", name="Your answers for Leadership")
    expect(leadership.get_by_role("cell", name=LOWEST, exact=True)).to_have_count(5)
    expect(leadership).to_contain_text(CONTRIBUTOR_EVIDENCE)
    communication = page.get_by_role("table", name="Your answers for Communication")
    expect(communication.get_by_text("No answer yet")).to_have_count(5)
    assert_accessible(page)

    # From the list, back to the first unanswered indicator; then the rest.
    unanswered.first.get_by_role("link").click()
    for step in range(2, len(STRANDS) + 1):
        answer_strand(page, step, LOWEST)
    submit_the_answers(page)
    sign_out(page, contributor)

    # The editor sees it all the other way.
    sign_in(page, live_server, editor, check_page=True)
    open_the_round(page, invited=True)
    answer_the_round(page, HIGHEST, EDITOR_EVIDENCE)
    sign_out(page, editor)

    # The coordinator closes the round and reads the results.
    sign_in(page, live_server, coordinator, check_page=True)
    open_the_round(page)
    expect(page.get_by_text("2 of 2 invited have submitted; 2 have started.")).to_be_visible()
    page.get_by_role("link", name="Close the round").click()
    expect(page.get_by_role("heading", name=f"Close “{ROUND_TITLE}”?", level=1)).to_be_visible()
    expect(page.get_by_text("2 of 2 invited members have submitted.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Close the round").click()
    expect(page.get_by_role("status")).to_contain_text("The round is closed.")
    expect(page.get_by_text("Closed", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_role("heading", name=f"Results: {ROUND_TITLE}", level=1)).to_be_visible()
    expect(
        page.get_by_role("heading", name="Seen differently: 20 indicators", exact=True)
    ).to_be_visible()
    lead_1 = page.get_by_role("article", name=re.compile(r"^LEAD-1\. "))
    answers = lead_1.get_by_role("table", name="Every answer to LEAD-1")
    by_contributor = answers.get_by_role("row", name=re.compile(contributor.get_full_name()))
    expect(by_contributor.get_by_role("cell")).to_have_text([LOWEST, CONTRIBUTOR_EVIDENCE])
    by_editor = answers.get_by_role("row", name=re.compile(editor.get_full_name()))
    expect(by_editor.get_by_role("cell")).to_have_text([HIGHEST, EDITOR_EVIDENCE])
    expect(lead_1).to_contain_text("answers 3 levels apart")
    expect(lead_1).to_contain_text("No level agreed yet.")
    assert_accessible(page)

    # The agreed level for LEAD-1.
    lead_1.get_by_role("link", name="Record the agreed level for LEAD-1").click()
    expect(page.get_by_role("heading", name="Agreed level for LEAD-1", level=1)).to_be_visible()
    expect(page.get_by_text(CONTRIBUTOR_EVIDENCE)).to_be_visible()
    expect(page.get_by_text(EDITOR_EVIDENCE)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name=re.compile(r"^Developing\b")).check()
    page.get_by_role("textbox", name=re.compile(r"^Why\b")).fill(RATIONALE)
    page.get_by_role("button", name="Save the agreed level").click()

    expect(page.get_by_role("heading", name=f"Results: {ROUND_TITLE}", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("The agreed level for LEAD-1 is saved.")
    expect(lead_1).to_contain_text("Agreed: Developing")
    expect(lead_1).to_contain_text(RATIONALE)
    expect(lead_1.get_by_role("link", name="Change the agreed level for LEAD-1")).to_be_visible()
    scores = page.get_by_role("table", name="Scores by strand (the chart's numbers)")
    leadership_scores = scores.get_by_role("row", name=re.compile(r"^Leadership\b"))
    # From the answers, each indicator's median is 2.5; as agreed, LEAD-1 counts as 2.
    expect(leadership_scores.get_by_role("cell")).to_have_text(["2.5", "2.4", "1 / 5", "5"])
    communication_scores = scores.get_by_role("row", name=re.compile(r"^Communication\b"))
    expect(communication_scores.get_by_role("cell")).to_have_text(["2.5", "—", "0 / 5", "5"])
    assert_accessible(page)

    # The results as a PDF, served inline.
    pdf_link = page.get_by_role("link", name="Results (PDF)")
    href = pdf_link.get_attribute("href")
    assert href
    download = page.request.get(live_server.url + href)
    assert download.ok, download.status
    assert download.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(download.body())).pages)
    text = re.sub(r"\s+", " ", text)
    assert ROUND_TITLE in text
    assert "Seen differently" in text
    assert RATIONALE in text
    assert "Page 1 of" in text
