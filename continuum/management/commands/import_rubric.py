"""Read an instrument version from a JSON document written by export_rubric."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from continuum.rubric_files.loading import import_text
from continuum.rubric_files.reading import MAX_DOCUMENT_BYTES, DocumentError, check_size


class Command(BaseCommand):
    help = "Import an instrument version from a JSON document (as a draft unless --publish)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("document", type=Path, help="The JSON file to read")
        parser.add_argument(
            "--publish", action="store_true", help="Publish (freeze) the version at once"
        )

    def handle(self, *args: Any, document: Path, publish: bool, **options: Any) -> None:
        try:
            # Refused by its size before it is read, and never read past the limit.
            check_size(document.stat().st_size)
            with document.open("rb") as source:
                content = source.read(MAX_DOCUMENT_BYTES + 1)
            version = import_text(content, publish=publish)
        except FileNotFoundError as error:
            raise CommandError(_("No such file: %(path)s") % {"path": document}) from error
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": document, "reason": error.strerror}
            ) from error
        except DocumentError as error:
            raise CommandError(str(error)) from error
        state = "published" if publish else "a draft"
        self.stdout.write(self.style.SUCCESS(f"Imported {version} ({state})."))
