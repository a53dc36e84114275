"""Private files: documents members upload and the PDFs the worker renders.

They live outside the static files and the web server's reach, under
``PRIVATE_MEDIA_ROOT``: only a view that checks the member's access ever reads them.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """A callable, so migrations name the function instead of one machine's folder."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def report_file_path(job: Any, filename: str) -> str:
    # A random name: nobody can guess a file's path from an ecosystem or a job's number.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"reports/{uuid.uuid4().hex}{suffix}"
