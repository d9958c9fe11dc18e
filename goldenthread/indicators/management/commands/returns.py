"""`goldenthread returns export|import`: a period's returns to and from XLSX or CSV files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.accounts.selectors import organisation_default
from goldenthread.indicators.excel import (
    indicators_for_returns,
    return_lines,
    returns_csv,
    returns_workbook,
)
from goldenthread.indicators.importers import RowError, returns_import
from goldenthread.strategy.models import ReportingPeriod


def organisation_named(slug: str | None) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first() if slug else organisation_default()
    if found is None:
        raise CommandError(f"There is no organisation {slug!r}." if slug else "No organisation.")
    return found


def where(error: RowError) -> str:
    """“Sheet, row 4, column Value (M)”: where a problem is, as a person finds it."""
    parts = [
        error.sheet,
        f"row {error.row}" if error.row else "",
        f"column {error.column}" if error.column else "",
    ]
    return ", ".join(part for part in parts if part)


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Exports a period's returns to a pre-filled XLSX workbook (a sheet per lead officer) or "
        "CSV, or imports a filled-in one: all or nothing, with every problem reported by "
        "sheet, row, column and reason."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", help="slug of the organisation (default: the site's own)"
        )
        commands = parser.add_subparsers(dest="command", required=True)
        export = commands.add_parser("export", help="write a period's returns to a file")
        export.add_argument("--period", required=True, help="the period, for example 2025-Q2")
        export.add_argument("--unit", help="only this unit's indicators (and the units below)")
        export.add_argument("--owner", help="only the returns this person enters (username)")
        export.add_argument(
            "--format", choices=["xlsx", "csv"], help="default: from the --out file's suffix"
        )
        export.add_argument("--out", required=True, help="the file to write")
        load = commands.add_parser("import", help="save the returns filled in in a file")
        load.add_argument("file", help="an XLSX or CSV file in the export's columns")
        load.add_argument("--submit", action="store_true", help="submit every return for approval")
        load.add_argument(
            "--dry-run", action="store_true", help="check the file and report; save nothing"
        )
        load.add_argument(
            "--as",
            dest="as_user",
            help="enter the returns as this person (username), with their permissions; "
            "by default each return is entered as its lead officer",
        )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        organisation = organisation_named(options["organisation"])
        if options["command"] == "export":
            self._export(organisation, options)
        else:
            self._import(organisation, options)

    def _export(self, organisation: Organisation, options: dict) -> None:
        period = ReportingPeriod.objects.filter(
            organisation=organisation, label=options["period"]
        ).first()
        if period is None:
            raise CommandError(f"There is no reporting period {options['period']!r}.")
        unit = owner = None
        if options["unit"]:
            unit = OrgUnit.objects.filter(organisation=organisation, name=options["unit"]).first()
            if unit is None:
                raise CommandError(f"There is no unit called {options['unit']!r}.")
        if options["owner"]:
            owner = User.objects.filter(username=options["owner"]).first()
            if owner is None:
                raise CommandError(f"There is no person with the username {options['owner']!r}.")
        out = Path(options["out"])
        kind = options["format"] or ("csv" if out.suffix.lower() == ".csv" else "xlsx")
        lines = return_lines(indicators_for_returns(organisation, unit=unit, owner=owner), period)
        chosen = [
            f"{unit.name}" if unit else "",
            (owner.get_full_name() or owner.username) if owner else "",
        ]
        try:
            if kind == "xlsx":
                with out.open("wb") as binary:
                    returns_workbook(
                        lines=lines,
                        organisation=organisation,
                        period=period,
                        out=binary,
                        by_owner=owner is None,
                        exported_for=", ".join(part for part in chosen if part)
                        or organisation.name,
                    )
            else:
                with out.open("w", encoding="utf-8-sig", newline="") as text:
                    returns_csv(lines=lines, out=text)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}.") from error
        self.stdout.write(f"{plural(len(lines), 'return')} for {period.label} written to {out}.")

    def _import(self, organisation: Organisation, options: dict) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        user = None
        if options["as_user"]:
            user = User.objects.filter(username=options["as_user"]).first()
            if user is None:
                raise CommandError(f"There is no person with the username {options['as_user']!r}.")
        result = returns_import(
            data=data,
            filename=path.name,
            organisation=organisation,
            user=user,
            submit=options["submit"],
            dry_run=options["dry_run"],
        )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"{where(error)}: {error.reason}")
            raise CommandError(
                f"Nothing was saved: {plural(len(result.errors), 'problem')} to put right."
            )
        verb = "would be" if result.dry_run else "were"
        self.stdout.write(
            f"{plural(result.saved, 'return')} {verb} saved as drafts and "
            f"{plural(result.submitted, 'return')} {verb} submitted for approval; "
            f"{result.unchanged:,} unchanged, {result.blank:,} left blank."
        )
