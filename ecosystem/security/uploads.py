"""Stop reading an upload as soon as it is larger than the page accepts.

Django's form checks run only once the whole body has arrived, so a 2 GB "document"
would be received and written to a temporary file before being refused. This handler,
first in ``FILE_UPLOAD_HANDLERS``, counts the bytes of each file as they arrive:

- a body that, by its declared length, cannot fit the limit (plus room for the other
  fields) is cut off at the first file byte past the limit, without reading the rest;
  the fields that came before the file (the CSRF token first) are kept, so the page
  can still say what was wrong;
- a body only a little over (a 10.5 MB document for a 10 MB limit) is bounded anyway and
  is read whole, so the form can say how large the file was, by name.

A view accepts a different limit with ``@upload_limit(bytes)`` or
``@upload_limit("SETTING_NAME")`` (read at each request); the others take
``settings.UPLOAD_MAX_BYTES``. The view then calls ``explain_refusal`` after validating
its form, which puts the message on the file field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Room for the form's other fields and the multipart headers around the file.
ALLOWANCE = 256 * 1024

View = TypeVar("View", bound=Callable[..., Any])


def upload_limit(max_bytes: int | str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        view.upload_max_bytes = max_bytes  # type: ignore[attr-defined]
        return view

    return decorate


def limit_for(request: HttpRequest) -> int:
    match = getattr(request, "resolver_match", None)
    limit = getattr(match.func if match else None, "upload_max_bytes", "UPLOAD_MAX_BYTES")
    return int(getattr(settings, limit) if isinstance(limit, str) else limit)


class LimitedUploadHandler(FileUploadHandler):
    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        self.limit = limit_for(self.request) if self.request else settings.UPLOAD_MAX_BYTES
        self.cut_off = content_length > self.limit + ALLOWANCE
        return None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        # A body without a true length is held to the same bound as the file goes.
        if (self.cut_off and self.received > self.limit) or (
            self.received > self.limit + ALLOWANCE
        ):
            if self.request is not None:
                self.request.upload_refused = self.limit  # type: ignore[attr-defined]
            # Stop here: the rest of the body is never read.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the handlers after this one build the file


FormT = TypeVar("FormT", bound=forms.BaseForm)


def explain_refusal(request: HttpRequest, form: FormT, field: str) -> FormT:
    """Replace "no file came" with the real reason when the file was refused for size."""
    limit = getattr(request, "upload_refused", None)
    if limit is not None and form.is_bound:
        form.errors.pop(field, None)
        form.add_error(
            field,
            _(
                "The file is larger than %(limit)s, the most this page accepts. Choose a "
                "smaller one."
            )
            % {"limit": filesizeformat(limit)},
        )
    return form
