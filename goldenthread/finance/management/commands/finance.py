"""`goldenthread finance export|import`: budget monitoring out as XLSX or CSV, budget lines in."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.accounts.models import Organisation, User
from goldenthread.accounts.selectors import organisation_default
from goldenthread.finance import selectors, spreadsheets
from goldenthread.strategy.models import ReportingPeriod


class Command(BaseCommand):
    help = (
        "Exports a quarter's budget monitoring to XLSX or CSV, or imports budget lines from "
        "one (all or nothing, with every problem reported by row, column and reason)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", help="slug of the organisation (default: the site's)")
        commands = parser.add_subparsers(dest="command", required=True)
        export = commands.add_parser("export", help="write a quarter's budget monitoring")
        export.add_argument("--period", required=True, help="the quarter, such as 2026-Q2")
        export.add_argument("--format", choices=["xlsx", "csv"], required=True)
        export.add_argument("--out", required=True, help="the file to write")
        load = commands.add_parser("import", help="add or change budget lines from a file")
        load.add_argument("file", help="an XLSX or CSV file with the budget line headings")
        load.add_argument(
            "--as", dest="username", required=True, help="the finance officer importing them"
        )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        slug = options["organisation"]
        organisation = (
            Organisation.objects.filter(slug=slug).first() if slug else organisation_default()
        )
        if organisation is None:
            raise CommandError(
                f"There is no organisation {slug!r}." if slug else "No organisation."
            )
        if options["command"] == "export":
            self._export(organisation, options)
        else:
            self._import(organisation, options)

    def _export(self, organisation: Organisation, options: dict) -> None:
        period = ReportingPeriod.objects.filter(
            organisation=organisation, label=options["period"], frequency="quarterly"
        ).first()
        if period is None:
            raise CommandError(f"There is no quarter {options['period']!r}.")
        rows = selectors.monitoring_rows(organisation, period)
        out = Path(options["out"])
        if options["format"] == "csv":
            out.write_text(spreadsheets.monitoring_csv(rows, period), encoding="utf-8")
        else:
            out.write_bytes(spreadsheets.monitoring_xlsx(rows, period))
        self.stdout.write(f"Wrote {len(rows)} units' budget monitoring to {out}.")

    def _import(self, organisation: Organisation, options: dict) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"There is no person {options['username']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        try:
            with path.open("rb") as upload:
                result = spreadsheets.budget_lines_import(
                    organisation=organisation, upload=upload, filename=path.name, user=user
                )
        except ValidationError as error:
            raise CommandError("Nothing was imported:\n" + "\n".join(error.messages)) from error
        self.stdout.write(f"Imported {result.created} new and {result.updated} changed lines.")
