"""An upload larger than the page accepts stops being read as soon as it is too large, and
the page says why next to the file field."""

from __future__ import annotations

import io
import sys

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecosystem.security.uploads import ALLOWANCE
from partners.imports import reading as imports

BOUNDARY = "workbench-test-boundary"
MB = 1024 * 1024


class GeneratedBody(io.RawIOBase):
    """A multipart body made on demand (so a "2 GB upload" costs no memory), counting
    how much of it the server reads."""

    def __init__(self, fields: dict[str, str], filename: str, file_size: int) -> None:
        head = b"".join(
            (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            ).encode()
            for name, value in fields.items()
        )
        head += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        self.parts = [head, file_size, f"\r\n--{BOUNDARY}--\r\n".encode()]
        self.length = len(head) + file_size + len(self.parts[2])
        self.position = 0
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = self.length - self.position if size < 0 else size
        end = min(self.length, self.position + size)
        head, file_size, tail = self.parts
        chunk = bytearray()
        while self.position < end:
            if self.position < len(head):
                piece = head[self.position : end]
            elif self.position < len(head) + file_size:
                piece = b"x" * (min(end, len(head) + file_size) - self.position)
            else:
                start = self.position - len(head) - file_size
                piece = tail[start : start + end - self.position]
            chunk += piece
            self.position += len(piece)
        self.bytes_read += len(chunk)
        return bytes(chunk)


def post_generated(client, url: str, body: GeneratedBody):
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": url,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(body.length),
        "HTTP_COOKIE": client.cookies.output(header="", sep=";").strip(),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    # The test client's own handler: the whole middleware stack, with the test
    # database connection left open.
    return client.handler(environ)


def test_a_huge_import_stops_being_read_at_the_limit_and_the_page_says_why(world, client_for):
    client = client_for("editor")
    url = reverse("partners:partner_import", args=[world.slug])
    body = GeneratedBody({}, "partners.csv", file_size=200 * MB)

    response = post_generated(client, url, body)

    html = response.content.decode()
    assert response.status_code == 200
    assert "larger than 2.0\xa0MB, the most this page accepts" in html
    # Read: the limit and one chunk more at most, never the 200 MB.
    assert body.bytes_read < imports.MAX_BYTES + ALLOWANCE + 2 * 64 * 1024


def test_a_huge_document_stops_being_read_at_ten_megabytes(world, client_for):
    client = client_for("editor")
    url = reverse("partners:document_create", args=[world.slug, world.partner.pk])
    fields = {"document-kind": "mou", "document-title": "Signed agreement"}
    body = GeneratedBody(fields, "agreement.pdf", file_size=300 * MB)

    response = post_generated(client, url, body)

    html = response.content.decode()
    assert "larger than 10.0\xa0MB" in html
    # What was typed before the file is kept.
    assert 'value="Signed agreement"' in html
    assert body.bytes_read < 10 * MB + ALLOWANCE + 2 * 64 * 1024
    assert not world.partner.documents.filter(title="Signed agreement").exists()


def test_a_file_just_over_the_limit_is_read_so_the_form_can_name_it_and_its_size(world, client_for):
    client = client_for("editor")
    url = reverse("partners:partner_import", args=[world.slug])
    content = b"name,sector\n" + b"x" * (imports.MAX_BYTES + 10)

    response = client.post(url, {"file": SimpleUploadedFile("big.csv", content)})

    html = response.content.decode()
    assert "The file is larger than 2 MB" in html  # the importer's own, fuller message
