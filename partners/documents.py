"""Partnership documents: what an upload may be, decided from its bytes.

A document's type is read from its content, never from its name or the content type the
browser sent, because both are whatever the sender says they are. PDF, PNG and JPEG
start with a fixed signature. DOCX and ODT are ZIP archives: the archive is opened and
its parts checked ([Content_Types].xml naming a Word document and word/document.xml; the
``mimetype`` entry of an OpenDocument text). The name's extension must then agree with
the content, so a program or a web page renamed ".pdf" is refused, and so is a PNG named
".docx". The ``filetype`` library only names what a refused file seems to be, for the
message.
"""

from __future__ import annotations

import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192  # enough for every signature (and for filetype's guesses)
# Only small parts of an archive are ever decompressed, and only this much of each:
# a "zip bomb" cannot make the check expand gigabytes.
PART_READ_LIMIT = 64 * 1024

DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class FileKind:
    """One kind of document we keep."""

    label: Any  # lazily translated, for lists: "PDF, Word (DOCX), … or JPEG"
    described: Any  # with its article, for sentences: "a PNG image"
    content_type: str
    extensions: tuple[str, ...]  # the first is the one a nameless file is given

    @property
    def extension(self) -> str:
        return self.extensions[0]


PDF = FileKind(_("PDF"), _("a PDF"), "application/pdf", (".pdf",))
DOCX = FileKind(
    _("Word (DOCX)"),
    _("a Word document (DOCX)"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
ODT = FileKind(
    _("OpenDocument text (ODT)"),
    _("an OpenDocument text (ODT)"),
    "application/vnd.oasis.opendocument.text",
    (".odt",),
)
PNG = FileKind(_("PNG"), _("a PNG image"), "image/png", (".png",))
JPEG = FileKind(_("JPEG"), _("a JPEG image"), "image/jpeg", (".jpg", ".jpeg"))
ALLOWED_KINDS = (PDF, DOCX, ODT, PNG, JPEG)
ALLOWED_EXTENSIONS = tuple(ext for kind in ALLOWED_KINDS for ext in kind.extensions)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"


def allowed_kinds_text() -> str:
    """'PDF, Word (DOCX), OpenDocument text (ODT), PNG or JPEG', in the reader's language."""
    return str(get_text_list([str(kind.label) for kind in ALLOWED_KINDS], gettext("or")))


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check: what it really is and what to call it."""

    kind: FileKind
    size: int
    original_name: str


# --- Reading the content -------------------------------------------------------------------


def detect_kind(file: IO[bytes]) -> FileKind | None:
    """The allowed kind this content is, or None. Leaves the file at its start."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if head.startswith(PDF_SIGNATURE):
        return PDF
    if head.startswith(PNG_SIGNATURE):
        return PNG
    if head.startswith(JPEG_SIGNATURE):
        return JPEG
    if head.startswith(ZIP_SIGNATURE):
        try:
            return _zipped_document(file)
        finally:
            file.seek(0)
    return None


def _zipped_document(file: IO[bytes]) -> FileKind | None:
    """DOCX or ODT if the archive holds the parts that make one, else None."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                with archive.open("[Content_Types].xml") as part:
                    # The main part's type tells a document from a template or a
                    # macro-enabled file (.dotx, .docm), which we do not keep.
                    return DOCX if DOCX_MAIN in part.read(PART_READ_LIMIT) else None
            if "mimetype" in names and "content.xml" in names:
                with archive.open("mimetype") as part:
                    return ODT if part.read(len(ODT_MIMETYPE) + 2).strip() == ODT_MIMETYPE else None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        KeyError,
        ValueError,
        RuntimeError,  # an encrypted part
        NotImplementedError,  # a compression method Python cannot read
    ):
        # A damaged, encrypted or otherwise unreadable archive is not a document we keep.
        return None
    return None


# What a refused file seems to be, by the extension filetype guesses for it.
DESCRIPTIONS = {
    "exe": _("a Windows program (EXE)"),
    "elf": _("a Linux program"),
    "zip": _("a ZIP archive"),
    "xlsx": _("an Excel workbook (XLSX)"),
    "xls": _("an Excel workbook (XLS)"),
    "doc": _("an old-style Word document (DOC); save it again as DOCX or PDF"),
    "docx": _("a Word file of a kind we do not keep: a template, one with macros, or damaged"),
    "odt": _("an OpenDocument file we cannot read: perhaps damaged"),
    "pptx": _("a PowerPoint presentation (PPTX)"),
    "ods": _("an OpenDocument spreadsheet (ODS)"),
    "gif": _("a GIF image"),
    "webp": _("a WebP image"),
    "heic": _("an HEIC photo"),
    "tif": _("a TIFF image"),
    "bmp": _("a BMP image"),
    "mp4": _("a video"),
    "mp3": _("an audio file"),
    "rtf": _("a rich text file (RTF)"),
}


def describe(head: bytes) -> str | None:
    """A few words on what some bytes seem to be, for a refusal message; None if unknown."""
    if not head:
        return None
    guess = filetype.guess(head)
    if guess is not None:
        return str(DESCRIPTIONS.get(guess.extension, gettext("a %(ext)s file"))) % {
            "ext": guess.extension.upper()
        }
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.lstrip().startswith("<"):
        return gettext("a web page or other markup (HTML, XML, SVG)")
    return gettext("plain text")


# --- The checks, in the order a user can fix them --------------------------------------------


def clean_original_name(name: str, kind: FileKind | None = None) -> str:
    """The name to show and to download under: the base name only (a browser may send a
    whole path), without control characters, at most 255 characters; a name without an
    extension gets the kind's."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if not unicodedata.category(ch).startswith("C"))
    base = base.strip().lstrip(".").strip()
    suffix = PurePosixPath(base).suffix.lower()
    if kind is not None and not suffix:
        base = (base or "document") + kind.extension
    if len(base) > 255:
        stem, ext = base[: -len(suffix)] if suffix else base, suffix
        base = stem[: 255 - len(ext)] + ext
    return base


def check_upload(upload: Any) -> CheckedFile:
    """Refuse (ValidationError, one message a person can act on) anything but a non-empty
    PDF, DOCX, ODT, PNG or JPEG of at most ``DOCUMENT_MAX_BYTES`` whose name agrees with
    its content."""
    name = clean_original_name(upload.name or "")
    size = upload.size or 0
    limit = settings.DOCUMENT_MAX_BYTES
    if size == 0:
        raise ValidationError(
            _(
                "“%(name)s” is empty: it holds no content at all. Check that the document "
                "was saved properly, then choose it again."
            ),
            code="empty",
            params={"name": name},
        )
    if size > limit:
        raise ValidationError(
            _(
                "“%(name)s” is %(size)s; a document can be at most %(limit)s. Save a smaller "
                "copy (exporting a scan as PDF often shrinks it) and try again."
            ),
            code="too_large",
            params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    kind = detect_kind(upload)
    suffix = PurePosixPath(name).suffix.lower()
    if kind is None:
        upload.seek(0)
        seems = describe(upload.read(HEAD_BYTES))
        upload.seek(0)
        if suffix in ALLOWED_EXTENSIONS:
            # Named like a document we keep, but it is not one: renamed, or damaged.
            message = gettext(
                "“%(name)s” ends in %(suffix)s, but its content is not what that ending says."
            ) % {"name": name, "suffix": suffix}
            if seems:
                message += " " + gettext("It seems to be %(what)s.") % {"what": seems}
            message += " " + gettext(
                "Choose the document itself; if it is damaged, save or export it again."
            )
            raise ValidationError(message, code="extension_mismatch")
        message = gettext("“%(name)s” is not a kind of file we keep.") % {"name": name}
        if seems:
            message += " " + gettext("It seems to be %(what)s.") % {"what": seems}
        message += " " + gettext("Upload a %(kinds)s file.") % {"kinds": allowed_kinds_text()}
        raise ValidationError(message, code="wrong_type")
    if suffix and suffix not in kind.extensions:
        raise ValidationError(
            _(
                "“%(name)s” ends in %(suffix)s, but it is really %(kind)s. Rename the file to "
                "end in %(extension)s if that is what it is, or choose the right file."
            ),
            code="extension_mismatch",
            params={
                "name": name,
                "suffix": suffix,
                "kind": kind.described,
                "extension": kind.extension,
            },
        )
    return CheckedFile(kind=kind, size=size, original_name=clean_original_name(name, kind))
