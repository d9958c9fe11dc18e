"""`goldenthread benchmarks import FILE... --format tidy|oflog|lgbf`: published comparator data."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.benchmarking.importers import ImportFailed
from goldenthread.benchmarking.services import FORMATS, benchmarks_import


class Command(BaseCommand):
    help = (
        "Imports published values for benchmarking, all or nothing. Formats: tidy (a CSV with "
        "area code, period, indicator and value, optionally numerator, denominator, unit, title "
        "and polarity), oflog (ASC_data.csv, with NN.json beside it for nearest neighbours) and "
        "lgbf (the Scottish benchmarking framework's files, or their folder). Importing the "
        "same files again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import"], help="import: read the files")
        parser.add_argument("files", nargs="+", type=Path, help="files, or an LGBF folder")
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--source", default="", help="tidy: the data set's name")
        parser.add_argument("--dry-run", action="store_true", help="check and count; write nothing")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows and list every invalid one skipped (for the published "
            "files' known bad rows); problems with a whole file still stop the import",
        )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        try:
            result = benchmarks_import(
                paths=options["files"],
                fmt=options["fmt"],
                source_name=options["source"],
                skip_invalid=options["skip_invalid"],
                dry_run=options["dry_run"],
            )
        except ImportFailed as failure:
            lines = "\n".join(f"  {error}" for error in failure.errors)
            raise CommandError(
                f"Nothing was imported: {failure}.\n{lines}\n"
                "Fix the rows, or use --skip-invalid to import the rest and list these."
            ) from failure
        verb = "Would import" if result.dry_run else "Imported"
        self.stdout.write(f"{verb} {result.source}: {result.rows} rows read.")
        for label, counts in (
            ("Metrics", result.metrics),
            ("Values", result.values),
            ("Published averages", result.averages),
            ("Comparator groups", result.groups),
        ):
            self.stdout.write(f"  {label}: {counts}.")
        self.stdout.write(f"  Councils: {result.councils.created} created.")
        if result.skipped:
            rows = len({(error.file, error.row) for error in result.skipped})
            self.stdout.write(
                f"Skipped {rows} invalid rows ({len(result.skipped)} problems), none written:"
            )
            for error in result.skipped:
                self.stdout.write(f"  {error}")
        for note in result.notes:
            self.stdout.write(note)
