"""The shipped instruments say whose work their wording is based on; adapted ones say who
adapted them from what. Pages and PDFs alike, from one partial."""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from continuum.models import Instrument


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def blank_pdf(world, client, slug: str) -> str:
    return pdf_text(
        client.get(
            reverse(
                "continuum:blank_pdf",
                kwargs={"ecosystem_slug": world.slug, "instrument": slug, "number": 1},
            )
        )
    )


def test_the_shipped_instruments_name_what_their_wording_is_based_on(db):
    based_on = dict(Instrument.objects.filter(ecosystem=None).values_list("slug", "based_on"))

    assert "American Library Association" in based_on["ecosystem-continuum"]
    assert "American Library Association" in based_on["self-assessment-checklist"]
    assert "IFLA" in based_on["collaboration-best-practices"]


def test_the_instrument_page_credits_the_ala_toolkit(world, client_for):
    page = client_for("viewer").get(
        reverse(
            "continuum:instrument_detail",
            kwargs={"ecosystem_slug": world.slug, "instrument": "ecosystem-continuum"},
        )
    )

    source = escape("the American Library Association's Strong Library Ecosystems toolkit")
    assert (
        f"This wording is the Library Ecosystem Workbench's own, based on {source}."
        in page.content.decode()
    )


def test_the_blank_pdfs_credit_their_sources(world, client_for):
    client = client_for("viewer")

    rubric = blank_pdf(world, client, "ecosystem-continuum")
    practices = blank_pdf(world, client, "collaboration-best-practices")

    assert "Strong Library Ecosystems toolkit" in rubric
    assert "IFLA" in practices


def test_the_adapted_blank_pdf_says_who_adapted_it(world, client_for):
    text = blank_pdf(world, client_for("viewer"), world.adapted.slug)

    assert f"Adapted by {world.ecosystem.name} from Ecosystem Continuum" in text


def test_the_results_and_answers_pdfs_carry_the_credit(world, client_for):
    client = client_for("viewer")
    round = world.closed_round
    response = round.responses.get(user=world.users["contributor"])

    results = pdf_text(
        client.get(
            reverse("continuum:results_pdf", kwargs={"ecosystem_slug": world.slug, "pk": round.pk})
        )
    )
    answers = pdf_text(
        client.get(
            reverse(
                "continuum:response_pdf",
                kwargs={"ecosystem_slug": world.slug, "pk": round.pk, "response_pk": response.pk},
            )
        )
    )

    assert "Strong Library Ecosystems toolkit" in results
    assert "Strong Library Ecosystems toolkit" in answers


def test_an_instrument_without_a_source_shows_no_credit(world, client_for):
    Instrument.objects.filter(slug="ecosystem-continuum").update(based_on="")

    page = client_for("viewer").get(
        reverse(
            "continuum:instrument_detail",
            kwargs={"ecosystem_slug": world.slug, "instrument": "ecosystem-continuum"},
        )
    )

    assert 'class="credit' not in page.content.decode()
