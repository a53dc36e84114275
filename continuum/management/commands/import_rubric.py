"""Read an instrument version from a JSON document written by export_rubric."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from continuum.documents import DocumentError, import_text


class Command(BaseCommand):
    help = "Import an instrument version from a JSON document (as a draft unless --publish)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("document", type=Path, help="The JSON file to read")
        parser.add_argument(
            "--publish", action="store_true", help="Publish (freeze) the version at once"
        )

    def handle(self, *args: Any, document: Path, publish: bool, **options: Any) -> None:
        try:
            version = import_text(document.read_bytes(), publish=publish)
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {document}") from error
        except DocumentError as error:
            raise CommandError(str(error)) from error
        state = "published" if publish else "a draft"
        self.stdout.write(self.style.SUCCESS(f"Imported {version} ({state})."))
