"""`goldenthread orgs import [FILE]`: councils from the UK local authorities list."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.benchmarking.importers import COUNCIL_LIST, ImportFailed
from goldenthread.benchmarking.services import organisations_import


class Command(BaseCommand):
    help = (
        "Creates or updates an organisation for every current council in mySociety's UK local "
        "authorities list (by default the copy in goldenthread/benchmarking/data), matched by "
        "GSS code, so any council can be a comparator. Importing it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import"], help="import: read the list")
        parser.add_argument("file", nargs="?", type=Path, default=COUNCIL_LIST)
        parser.add_argument("--dry-run", action="store_true", help="check and count; write nothing")

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        try:
            result = organisations_import(path=options["file"], dry_run=options["dry_run"])
        except ImportFailed as failure:
            lines = "\n".join(f"  {error}" for error in failure.errors)
            raise CommandError(f"Nothing was imported: {failure}.\n{lines}") from failure
        verb = "Would import" if result.dry_run else "Imported"
        self.stdout.write(f"{verb} councils: {result.counts}.")
        for note in result.notes:
            self.stdout.write(note)
