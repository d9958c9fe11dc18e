"""`goldenthread risks export|import`: risk registers to and from XLSX or CSV files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.accounts.models import Organisation
from goldenthread.accounts.selectors import organisation_default
from goldenthread.risks.exports import risks_csv, risks_for_export, risks_workbook
from goldenthread.risks.importers import risks_import
from goldenthread.risks.models import Register


class Command(BaseCommand):
    help = (
        "Exports a risk register to an XLSX or CSV file, or imports risks from one: all or "
        "nothing, with every problem reported by row, column and reason."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", help="slug of the organisation (default: the site's own)"
        )
        commands = parser.add_subparsers(dest="command", required=True)
        export = commands.add_parser("export", help="write a register's risks to a file")
        export.add_argument(
            "--register",
            required=True,
            help='"corporate", "all", or a register\'s ID or name',
        )
        export.add_argument("--format", choices=["xlsx", "csv"], required=True)
        export.add_argument("--out", required=True, help="the file to write")
        load = commands.add_parser("import", help="add or change risks from a file")
        load.add_argument("file", help="an XLSX or CSV file in the export's columns")
        load.add_argument(
            "--dry-run", action="store_true", help="check the file and report; save nothing"
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

    def _register(self, organisation: Organisation, text: str) -> Register | None:
        """The register named on the command line; None for every register."""
        if text.lower() == "all":
            return None
        registers = Register.objects.filter(organisation=organisation)
        if text.lower() == "corporate":
            found = registers.filter(kind=Register.Kind.CORPORATE).first()
        elif text.isdigit():
            found = registers.filter(pk=int(text)).first()
        else:
            found = registers.filter(name__iexact=text.strip()).first()
        if found is None:
            names = ", ".join(f"{r.pk} {r.name}" for r in registers.order_by("pk"))
            raise CommandError(f"There is no register {text!r}. The registers are: {names}.")
        return found

    def _export(self, organisation: Organisation, options: dict) -> None:
        register = self._register(organisation, options["register"])
        risks = list(risks_for_export(organisation, register))
        out = Path(options["out"])
        try:
            if options["format"] == "xlsx":
                with out.open("wb") as binary:
                    risks_workbook(risks=risks, organisation=organisation, out=binary)
            else:
                with out.open("w", encoding="utf-8-sig", newline="") as text:
                    risks_csv(risks=risks, organisation=organisation, out=text)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}.") from error
        self.stdout.write(f"{len(risks)} risk{'s' if len(risks) != 1 else ''} written to {out}.")

    def _import(self, organisation: Organisation, options: dict) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        result = risks_import(
            data=data, filename=path.name, organisation=organisation, dry_run=options["dry_run"]
        )
        if not result.ok:
            for error in result.errors:
                where = ", ".join(
                    part
                    for part in (
                        error.sheet,
                        f"row {error.row}" if error.row else "",
                        f"column {error.column}" if error.column else "",
                    )
                    if part
                )
                self.stderr.write(f"{where}: {error.reason}")
            raise CommandError(
                f"Nothing was imported: {len(result.errors)} problem"
                f"{'s' if len(result.errors) != 1 else ''} to put right."
            )
        verb = "would be" if result.dry_run else "were"
        self.stdout.write(
            f"{result.created} new, {result.updated} changed and {result.unchanged} unchanged "
            f"risks {verb} imported."
        )
