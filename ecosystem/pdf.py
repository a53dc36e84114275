"""The one PDF renderer: a template and its context in, PDF bytes out.

It knows nothing about HTTP (views wrap the bytes with ``downloads.pdf_response``) and
loads nothing but the app's own static files and ``data:`` URIs: whatever text a user
typed into a record, it cannot make the renderer read a server file or call a host.
"""

from __future__ import annotations

import mimetypes
import posixpath
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from weasyprint import CSS, URLFetcher

# Documents are rendered against this made-up origin, so "/static/…" links in templates
# become absolute URLs the fetcher can recognise. ".invalid" can never resolve.
PDF_ORIGIN = "https://workbench.invalid"
BASE_STYLESHEET = "css/pdf.css"


class RefusedURL(ValueError):
    pass


def static_file_path(url: str) -> str | None:
    """The file behind one of the app's static URLs, or None for anything else."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != PDF_ORIGIN:
        return None
    if not parts.path.startswith(settings.STATIC_URL):
        return None
    name = posixpath.normpath(unquote(parts.path[len(settings.STATIC_URL) :]))
    if name.startswith(("../", "/")) or name == "..":
        return None
    try:
        # Collected (and hashed) files in production, the apps' own files otherwise.
        if staticfiles_storage.exists(name):
            return str(staticfiles_storage.path(name))
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    return str(found) if isinstance(found, str) else None


@cache
def _fetcher_class() -> type[URLFetcher]:
    # WeasyPrint takes most of a second to import: only PDF requests pay for it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file_path(url)
            if path is None:
                raise RefusedURL(f"PDFs may only load the app's own static files, not {url!r}.")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            with open(path, "rb") as file:
                return URLFetcherResponse(url, file.read(), {"Content-Type": content_type})

    return StaticOnlyURLFetcher


def url_fetcher() -> URLFetcher:
    return _fetcher_class()(allow_redirects=False, timeout=1)


@cache
def base_stylesheet() -> CSS:
    """The shared print layout, parsed once per process (parsing costs more than reuse)."""
    from weasyprint import CSS

    url = f"{PDF_ORIGIN}{settings.STATIC_URL}{BASE_STYLESHEET}"
    path = static_file_path(url)
    if path is None:
        raise FileNotFoundError(BASE_STYLESHEET)
    with open(path, encoding="utf-8") as file:
        return CSS(string=file.read(), base_url=url, url_fetcher=url_fetcher())


@dataclass(frozen=True)
class RenderedPDF:
    pdf: bytes
    page_count: int


def render_document(
    template_name: str, context: dict[str, Any], request: HttpRequest | None = None
) -> RenderedPDF:
    """Render ``template_name`` (which extends ``pdf/base.html``) as a tagged PDF."""
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, base_url=f"{PDF_ORIGIN}/", url_fetcher=url_fetcher()).render(
        stylesheets=[base_stylesheet()], pdf_variant="pdf/ua-1"
    )
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return RenderedPDF(pdf, len(document.pages))


def render_pdf(
    template_name: str, context: dict[str, Any], request: HttpRequest | None = None
) -> bytes:
    """The PDF's bytes, for views that send it straight back."""
    return render_document(template_name, context, request).pdf
