"""Documents that formalize a partnership: attaching them (the type is read from the
content), downloading them through the one view that checks access, deleting them."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image

from partners.document_forms import DocumentForm, detail_context
from partners.documents import clean_original_name
from partners.models import Partner, PartnerDocument, Sector
from tests.world import TINY_PDF

# --- Tiny, valid files of every kind we keep ---------------------------------------------------


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), "navy").save(out, "PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), "navy").save(out, "JPEG")
    return out.getvalue()


DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.{main}+xml"/></Types>'
)


def docx_bytes(main: str = "document.main") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES.format(main=main))
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>We agree.</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
    return out.getvalue()


def odt_bytes(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # The OpenDocument rule: "mimetype" first, stored uncompressed.
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:'
            'opendocument:xmlns:office:1.0" office:version="1.3"><office:body><office:text/>'
            "</office:body></office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
            'opendocument:xmlns:manifest:1.0"/>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return out.getvalue()


def plain_zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "Just notes")
    return out.getvalue()


def gif_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("P", (2, 2)).save(out, "GIF")
    return out.getvalue()


# A Windows program starts with "MZ"; this is enough to look like one.
EXE = b"MZ\x90\x00" + bytes(60) + b"This program cannot be run in DOS mode."
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


# --- Helpers -------------------------------------------------------------------------------


def url(world, name, **kwargs):
    return reverse(f"partners:{name}", kwargs={"ecosystem_slug": world.slug, **kwargs})


def stored_files() -> set[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}


def upload(
    world, client, name, content, *, title="Signed agreement", kind="mou", browser_type=None
):
    return client.post(
        url(world, "document_create", pk=world.partner.pk),
        {
            "document-kind": kind,
            "document-title": title,
            "document-file": SimpleUploadedFile(
                name, content, browser_type or "application/octet-stream"
            ),
        },
    )


def field_error(html: str) -> str:
    """The message shown right under the file input."""
    match = re.search(r'<div id="id_document-file_error"[^>]*>(.*?)</div>', html, re.S)
    if not match:
        match = re.search(r'id="error_1_id_document-file"[^>]*>(.*?)</', html, re.S)
    assert match, "no message next to the file field"
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())


# --- Accepted ---------------------------------------------------------------------------------

GOOD = [
    ("agreement.pdf", lambda: TINY_PDF, "application/pdf"),
    (
        "agreement.docx",
        docx_bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("agreement.odt", odt_bytes, "application/vnd.oasis.opendocument.text"),
    ("signatures.png", png_bytes, "image/png"),
    ("signatures.jpg", jpeg_bytes, "image/jpeg"),
    ("signatures.JPEG", jpeg_bytes, "image/jpeg"),
]


@pytest.mark.parametrize(("name", "make", "content_type"), GOOD, ids=[g[0] for g in GOOD])
def test_an_editor_attaches_each_kind_of_document_we_keep(
    world, client_for, name, make, content_type
):
    content = make()

    response = upload(world, client_for("editor"), name, content, browser_type="text/plain")

    assert response.status_code == 302
    assert response["Location"] == world.partner.get_absolute_url() + "#documents"
    document = world.partner.documents.get(title="Signed agreement")
    # The type stored is the one read from the content, not what the browser claimed.
    assert document.content_type == content_type
    assert (document.size, document.original_name) == (len(content), name)
    assert document.uploaded_by == world.users["editor"]
    assert document.kind == "mou"
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / document.file.name
    assert stored.read_bytes() == content
    assert stored.name != name, "stored under a random name, not the one sent"


def test_the_success_message_names_the_document_and_the_partner(world, client_for):
    client = client_for("editor")
    response = upload(world, client, "mou.pdf", TINY_PDF)

    page = client.get(response["Location"]).content.decode()

    assert "Signed agreement was attached to County Literacy Council." in page


# --- Refused ------------------------------------------------------------------------------------

REFUSED = [
    (
        "a program renamed .pdf",
        "agreement.pdf",
        lambda: EXE,
        "“agreement.pdf” ends in .pdf, but its content is not what that ending says. "
        "It seems to be a Windows program (EXE).",
    ),
    (
        "a web page renamed .pdf",
        "agreement.pdf",
        lambda: HTML,
        "“agreement.pdf” ends in .pdf, but its content is not what that ending says. "
        "It seems to be a web page or other markup (HTML, XML, SVG).",
    ),
    (
        "a PNG named .docx",
        "agreement.docx",
        png_bytes,
        "“agreement.docx” ends in .docx, but it is really a PNG image. Rename the file to end "
        "in .png",
    ),
    (
        "a PDF named .exe",
        "agreement.exe",
        lambda: TINY_PDF,
        "“agreement.exe” ends in .exe, but it is really a PDF.",
    ),
    (
        "a ZIP archive named .docx",
        "agreement.docx",
        plain_zip_bytes,
        "“agreement.docx” ends in .docx, but its content is not what that ending says. "
        "It seems to be a ZIP archive.",
    ),
    (
        "a macro-enabled Word file named .docx",
        "agreement.docx",
        lambda: docx_bytes(main="document.macroEnabled.main"),
        "“agreement.docx” ends in .docx, but its content is not what that ending says.",
    ),
    (
        "an OpenDocument spreadsheet named .odt",
        "agreement.odt",
        lambda: odt_bytes("application/vnd.oasis.opendocument.spreadsheet"),
        "“agreement.odt” ends in .odt, but its content is not what that ending says.",
    ),
    (
        "a GIF",
        "signatures.gif",
        gif_bytes,
        "“signatures.gif” is not a kind of file we keep. It seems to be a GIF image. Upload a "
        "PDF, Word (DOCX), OpenDocument text (ODT), PNG or JPEG file.",
    ),
    (
        "a text file",
        "notes.txt",
        lambda: b"Remember to sign the MOU.",
        "“notes.txt” is not a kind of file we keep. It seems to be plain text. Upload a PDF, "
        "Word (DOCX), OpenDocument text (ODT), PNG or JPEG file.",
    ),
    (
        "an empty file",
        "agreement.pdf",
        lambda: b"",
        "“agreement.pdf” is empty: it holds no content at all.",
    ),
]


@pytest.mark.parametrize(("case", "name", "make", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_upload_says_why_next_to_the_field_and_stores_nothing(
    world, client_for, case, name, make, message
):
    before_files, before_rows = stored_files(), PartnerDocument.objects.count()

    response = upload(world, client_for("editor"), name, make(), title="Our MOU", kind="contract")

    html = response.content.decode()
    assert response.status_code == 200
    assert message in field_error(html)
    assert PartnerDocument.objects.count() == before_rows
    assert stored_files() == before_files
    # What the user typed is still there.
    assert 'value="Our MOU"' in html
    assert re.search(r'<option value="contract" selected>', html)


def test_a_file_over_the_limit_is_refused_with_the_limit_in_words(world, client_for, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    before_files = stored_files()

    response = upload(world, client_for("editor"), "agreement.pdf", TINY_PDF + b" " * 200)

    message = field_error(response.content.decode())
    assert "“agreement.pdf” is 325 bytes; a document can be at most 100 bytes." in message
    assert not world.partner.documents.filter(title="Signed agreement").exists()
    assert stored_files() == before_files


def test_the_real_limit_is_ten_megabytes_and_the_form_says_so(world, client_for):
    assert settings.DOCUMENT_MAX_BYTES == 10 * 1024 * 1024

    page = client_for("editor").get(url(world, "document_create", pk=world.partner.pk))

    html = " ".join(page.content.decode().split())
    assert "PDF, Word (DOCX), OpenDocument text (ODT), PNG or JPEG; at most 10.0 MB." in html


def test_an_upload_without_a_file_asks_for_one(world, client_for):
    response = client_for("editor").post(
        url(world, "document_create", pk=world.partner.pk),
        {"document-kind": "mou", "document-title": "Signed"},
    )

    assert "Choose the file to attach." in field_error(response.content.decode())


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("C:\\Users\\pat\\Desktop\\Signed MOU.pdf", "Signed MOU.pdf"),
        ("../../etc/mou.pdf", "mou.pdf"),
        ("mou\x00\x07.pdf", "mou.pdf"),
        ("  .hidden.pdf ", "hidden.pdf"),
        ("Signed MOU", "Signed MOU.pdf"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_the_name_kept_is_the_base_name_cleaned(sent, kept):
    from partners.documents import PDF

    assert clean_original_name(sent, PDF) == kept


# --- Downloading --------------------------------------------------------------------------------


def test_a_viewer_downloads_the_file_as_an_attachment_with_safe_headers(world, client_for):
    response = client_for("viewer").get(
        url(world, "document_download", pk=world.partner.pk, document=world.document.pk)
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TINY_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="mou.pdf"'
    assert response["Content-Length"] == str(len(TINY_PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_a_download_is_named_after_the_original_file_even_with_accents(world, client_for):
    client = client_for("editor")
    upload(world, client, "Entente signée.pdf", TINY_PDF)
    document = world.partner.documents.get(title="Signed agreement")

    response = client.get(
        url(world, "document_download", pk=world.partner.pk, document=document.pk)
    )

    b"".join(response.streaming_content)
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Entente%20sign%C3%A9e.pdf"
    )


def test_another_ecosystems_document_is_a_404_even_for_a_coordinator(world, client_for):
    client = client_for("coordinator")

    through_own_partner = client.get(
        url(world, "document_download", pk=world.partner.pk, document=world.other_document.pk)
    )
    through_their_partner = client.get(
        url(
            world,
            "document_download",
            pk=world.other_partner.pk,
            document=world.other_document.pk,
        )
    )
    delete = client.post(
        url(world, "document_delete", pk=world.partner.pk, document=world.other_document.pk)
    )

    assert through_own_partner.status_code == 404
    assert through_their_partner.status_code == 404
    assert delete.status_code == 404
    assert PartnerDocument.objects.filter(pk=world.other_document.pk).exists()


def test_a_document_of_another_partner_is_a_404_through_the_wrong_partner(world, client_for):
    other = Partner.objects.create(ecosystem=world.ecosystem, name="Lions Club", sector="other")

    response = client_for("viewer").get(
        url(world, "document_download", pk=other.pk, document=world.document.pk)
    )

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["outsider", "viewer", "anonymous"])
def test_no_url_serves_a_stored_file_by_its_path(world, client_for, persona):
    stored = world.document.file.name  # e.g. partners/3f2a….pdf
    client = client_for(persona)

    for prefix in ("/media/", "/private-media/", "/static/", "/", f"/e/{world.slug}/"):
        response = client.get(prefix + stored)
        assert response.status_code in (302, 404), (prefix, response.status_code)
        if response.status_code == 302:  # anonymous: sent to sign in, never the file
            assert response["Location"].startswith(reverse("accounts:login"))
        assert TINY_PDF not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_an_outsider_gets_404_for_the_download_url(world, client_for):
    response = client_for("outsider").get(
        url(world, "document_download", pk=world.partner.pk, document=world.document.pk)
    )

    assert response.status_code == 404


def test_stored_files_live_outside_the_folders_any_web_server_serves(world):
    stored = Path(world.document.file.path).resolve()
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()

    assert stored.is_relative_to(private)
    served = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    for folder in served:
        assert not stored.is_relative_to(Path(folder).resolve()), folder
    assert world.document.file.storage.base_location == str(private)


# --- Deleting -----------------------------------------------------------------------------------


def _attached(world, client, title="Draft MOU"):
    upload(world, client, "draft.pdf", TINY_PDF, title=title)
    document = world.partner.documents.get(title=title)
    return document, Path(document.file.path)


def test_an_editor_deletes_a_document_and_its_file_goes_with_it(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("editor")
    document, path = _attached(world, client)
    assert path.exists()

    confirm = client.get(url(world, "document_delete", pk=world.partner.pk, document=document.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(world, "document_delete", pk=world.partner.pk, document=document.pk)
        )

    assert "Delete Draft MOU?" in confirm.content.decode()
    assert response.status_code == 302
    assert response["Location"] == world.partner.get_absolute_url() + "#documents"
    assert not PartnerDocument.objects.filter(pk=document.pk).exists()
    assert not path.exists()


def test_the_file_stays_until_the_deletion_is_committed(world, client_for):
    document, path = _attached(world, client_for("editor"))

    document.delete()  # inside the test's transaction, which is never committed

    assert path.exists()


def test_deleting_a_partner_leaves_no_orphaned_files(
    world, client_for, django_capture_on_commit_callbacks
):
    partner = Partner.objects.create(
        ecosystem=world.ecosystem, name="Chamber of Commerce", sector=Sector.BUSINESS
    )
    paths = []
    for title in ("Proposal", "Contract"):
        form = DocumentForm(
            {"document-kind": "proposal", "document-title": title},
            {"document-file": SimpleUploadedFile("p.pdf", TINY_PDF)},
            partner=partner,
        )
        assert form.is_valid(), form.errors
        paths.append(Path(form.save_document(world.users["editor"]).file.path))
    assert all(path.exists() for path in paths)

    with django_capture_on_commit_callbacks(execute=True):
        partner.delete()

    assert not any(path.exists() for path in paths)


# --- On the partner page ------------------------------------------------------------------------


def render_section(world, persona):
    html = render_to_string(
        "partners/partials/_documents.html",
        {
            "ecosystem": world.ecosystem,
            "membership": world.memberships[persona],
            "partner": world.partner,
            "user": world.users.get(persona, AnonymousUser()),
            **detail_context(world.partner),
        },
    )
    return " ".join(html.split())


def test_a_viewer_sees_each_document_with_its_details_but_no_edit_controls(world):
    html = render_section(world, "viewer")

    assert html.lstrip().startswith("<h2")
    download = url(world, "document_download", pk=world.partner.pk, document=world.document.pk)
    assert f'href="{download}"' in html
    assert "Signed MOU" in html
    assert "Memorandum of understanding" in html
    assert "125 bytes" in html
    assert "by Editor Person" in html
    assert "<form" not in html
    assert "Delete" not in html


def test_an_editor_sees_the_upload_form_and_a_delete_link(world):
    html = render_section(world, "editor")

    assert 'enctype="multipart/form-data"' in html
    assert url(world, "document_create", pk=world.partner.pk) in html
    assert url(world, "document_delete", pk=world.partner.pk, document=world.document.pk) in html
    assert '<label for="id_document-file"' in html
    assert 'accept=".pdf,.docx,.odt,.png,.jpg,.jpeg"' in html


def test_the_partner_page_lists_the_documents_for_every_member(world, client_for):
    html = client_for("viewer").get(world.partner.get_absolute_url()).content.decode()

    assert "Signed MOU" in html
    assert url(world, "document_download", pk=world.partner.pk, document=world.document.pk) in html


def test_the_section_needs_one_query_however_many_documents(world, django_assert_num_queries):
    for number in range(5):
        form = DocumentForm(
            {"document-kind": "letter", "document-title": f"Letter {number}"},
            {"document-file": SimpleUploadedFile("l.pdf", TINY_PDF)},
            partner=world.partner,
        )
        assert form.is_valid()
        form.save_document(world.users["editor"])

    with django_assert_num_queries(1):
        context = detail_context(world.partner)

    assert len(context["documents"]) == 6


# --- The admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    from ecosystem.models import User

    admin = User.objects.create_superuser(email="root@example.org", password="x", full_name="Root")
    client.force_login(admin)
    return client


def test_the_admin_lists_documents_but_never_takes_a_file(world, admin_client):
    changelist = admin_client.get(reverse("admin:partners_partnerdocument_changelist"))
    add = admin_client.get(reverse("admin:partners_partnerdocument_add"))
    change = admin_client.get(
        reverse("admin:partners_partnerdocument_change", args=[world.document.pk])
    )

    assert "Signed MOU" in changelist.content.decode()
    assert add.status_code == 403
    html = change.content.decode()
    assert 'type="file"' not in html
    assert world.document.file.name in html
    assert f'href="/media/{world.document.file.name}"' not in html


def test_the_admin_shows_pending_imports_read_only(world, admin_client):
    from partners.models import PartnerImport

    pending = PartnerImport.objects.create(
        ecosystem=world.ecosystem,
        created_by=world.users["editor"],
        filename="partners.csv",
        rows=[{"line": 2, "data": {"name": "A"}, "errors": []}],
    )

    changelist = admin_client.get(reverse("admin:partners_partnerimport_changelist"))
    change = admin_client.get(reverse("admin:partners_partnerimport_change", args=[pending.pk]))

    assert "partners.csv" in changelist.content.decode()
    assert change.status_code == 200
    assert 'name="filename"' not in change.content.decode()
