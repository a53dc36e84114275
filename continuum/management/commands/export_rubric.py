"""Write one instrument version as a JSON document (to a file or to standard output)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from continuum.models import InstrumentVersion
from continuum.rubric_files.writing import export_version


class Command(BaseCommand):
    help = "Export an instrument version (e.g. ecosystem-continuum, version 1) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "instrument", help="The instrument's short name, e.g. ecosystem-continuum"
        )
        parser.add_argument("--number", type=int, help="The version number (default: the newest)")
        parser.add_argument("--output", "-o", type=Path, help="A file to write (default: stdout)")

    def handle(
        self, *args: Any, instrument: str, number: int | None, output: Path | None, **options: Any
    ) -> None:
        versions = InstrumentVersion.objects.filter(instrument__slug=instrument).select_related(
            "instrument"
        )
        version = (
            versions.filter(number=number).first()
            if number
            else versions.order_by("-number").first()
        )
        if version is None:
            raise CommandError(f"No such instrument version: {instrument} {number or ''}".strip())
        document = export_version(version)
        if output:
            output.write_text(document, encoding="utf-8")
            self.stderr.write(f"Wrote {version} to {output}")
        else:
            self.stdout.write(document, ending="")
