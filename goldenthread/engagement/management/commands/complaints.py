"""`goldenthread complaints export|import|figures`: the complaints log to and from files, and
the quarter's figures written into the fed indicators' returns."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.accounts.models import Organisation, User
from goldenthread.accounts.selectors import organisation_default
from goldenthread.engagement import exports, importers, selectors, services
from goldenthread.strategy.models import ReportingPeriod


class Command(BaseCommand):
    help = (
        "Exports the complaints and commendations log to XLSX or CSV, imports it from CSV (all "
        "or nothing, every problem reported by line, column and reason), or writes a quarter's "
        "figures into the indicators fed from the log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", help="slug of the organisation (default: the site's own)"
        )
        commands = parser.add_subparsers(dest="command", required=True)
        export = commands.add_parser("export", help="write the log to a file")
        export.add_argument("--format", choices=["xlsx", "csv"], required=True)
        export.add_argument("--out", required=True, help="the file to write")
        load = commands.add_parser("import", help="log or update complaints from a CSV file")
        load.add_argument("file", help="a CSV file in the export's columns")
        figures = commands.add_parser("figures", help="write a quarter's figures as returns")
        figures.add_argument("--period", required=True, help="the quarter, such as 2026-Q2")
        figures.add_argument(
            "--user", required=True, help="username the draft returns are saved by"
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
        {"export": self._export, "import": self._import, "figures": self._figures}[
            options["command"]
        ](organisation, options)

    def _export(self, organisation: Organisation, options: dict) -> None:
        complaints = selectors.complaints_filtered(organisation, selectors.ComplaintFilters())
        out = Path(options["out"])
        if options["format"] == "xlsx":
            out.write_bytes(exports.complaints_xlsx(complaints))
        else:
            out.write_text(exports.complaints_csv(complaints), encoding="utf-8")
        self.stdout.write(f"Wrote {complaints.count()} rows to {out}.")

    def _import(self, organisation: Organisation, options: dict) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        result = importers.complaints_import(
            data=path.read_bytes(), organisation=organisation, user=None
        )
        if not result.ok:
            for error in result.errors:
                where = f"line {error.row}" if error.row else "the file"
                column = f", {error.column}" if error.column else ""
                self.stderr.write(f"{where}{column}: {error.reason}")
            raise CommandError("Nothing was imported.")
        self.stdout.write(f"Imported: {result.created} logged, {result.updated} updated.")

    def _figures(self, organisation: Organisation, options: dict) -> None:
        period = ReportingPeriod.objects.filter(
            organisation=organisation, label=options["period"], frequency="quarterly"
        ).first()
        if period is None:
            raise CommandError(f"There is no quarter {options['period']}.")
        user = User.objects.filter(organisation=organisation, username=options["user"]).first()
        if user is None:
            raise CommandError(f"There is no person {options['user']!r} in {organisation}.")
        for item in services.complaint_figures_write(
            organisation=organisation, period=period, user=user
        ):
            outcome = (
                f"saved as a {item.indicator_return.get_status_display().lower()} return"
                if item.indicator_return
                else f"not saved: {item.problem}"
            )
            self.stdout.write(f"{item.feed.indicator.code}: {item.value} {outcome}")
