"""`goldenthread values import FILE.csv`: a bulk load of historical values, all or nothing."""

import time
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from goldenthread.accounts.models import User
from goldenthread.indicators.importers import values_import
from goldenthread.indicators.management.commands.returns import organisation_named, plural, where

BAR_WIDTH = 30


class ProgressBar:
    """A bar on stderr, redrawn in place on a terminal; in a log, a line every tenth."""

    def __init__(self, out: OutputWrapper, *, live: bool) -> None:
        self.out = out
        self.live = live
        self.started = time.monotonic()
        self.last_tenth = -1

    def __call__(self, rows: int, done: int, size: int) -> None:
        share = done / size if size else 1.0
        elapsed = time.monotonic() - self.started
        rate = rows / elapsed if elapsed else 0.0
        filled = round(BAR_WIDTH * share)
        text = (
            f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:4.0%} "
            f"{rows:,} rows, {elapsed:.0f} s ({rate:,.0f} rows/s)"
        )
        if self.live:
            self.out.write(f"\r{text}", ending="")
            self.out.flush()
        elif int(share * 10) > self.last_tenth:
            self.last_tenth = int(share * 10)
            self.out.write(text)

    def close(self) -> None:
        if self.live:
            self.out.write("")


class Command(BaseCommand):
    help = (
        "Loads historical values from a CSV of any size (code, period, value; optionally "
        "numerator, denominator, target, commentary and status): all or nothing, with the "
        "first 100 problems listed by row, column and reason."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", help="slug of the organisation (default: the site's own)"
        )
        commands = parser.add_subparsers(dest="command", required=True)
        load = commands.add_parser("import", help="load values from a CSV file")
        load.add_argument("file", help="a CSV file, UTF-8, with a heading row")
        load.add_argument(
            "--dry-run", action="store_true", help="check the file and report; save nothing"
        )
        load.add_argument(
            "--as",
            dest="as_user",
            help="record the load as this person's (username; a performance admin)",
        )
        load.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        organisation = organisation_named(options["organisation"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Cannot read {path}: there is no such file.")
        user = None
        if options["as_user"]:
            user = User.objects.filter(username=options["as_user"]).first()
            if user is None:
                raise CommandError(f"There is no person with the username {options['as_user']!r}.")
        bar = None
        if not options["no_progress"]:
            bar = ProgressBar(self.stderr, live=self.stderr.isatty())
        try:
            result = values_import(
                path, organisation=organisation, user=user, dry_run=options["dry_run"], progress=bar
            )
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        finally:
            if bar is not None:
                bar.close()
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"{where(error)}: {error.reason}")
            if result.errors_not_listed:
                self.stderr.write(f"… and {plural(result.errors_not_listed, 'more problem')}.")
            raise CommandError(
                f"Nothing was loaded: {plural(result.error_count, 'problem')} in "
                f"{plural(result.rows, 'row')} to put right."
            )
        if result.dry_run:
            self.stdout.write(f"{plural(result.rows, 'row')} checked: no problems; nothing saved.")
            return
        self.stdout.write(
            f"{plural(result.rows, 'row')} loaded: {result.created:,} new, "
            f"{result.updated:,} changed, {result.unchanged:,} unchanged; "
            f"{plural(result.targets, 'target')} set, "
            f"{plural(result.periods_created, 'reporting period')} added."
        )
