"""`goldenthread actions export|import`: actions to and from XLSX or CSV files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.accounts.models import Organisation, OrgUnit
from goldenthread.accounts.selectors import organisation_default
from goldenthread.delivery.exports import actions_csv, actions_workbook
from goldenthread.delivery.importers import actions_import
from goldenthread.delivery.selectors import actions_for_export
from goldenthread.strategy.models import Plan


class Command(BaseCommand):
    help = (
        "Exports actions to an XLSX or CSV file, or imports them from one: all or nothing, "
        "with every problem reported by row, column and reason."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", help="slug of the organisation (default: the site's own)"
        )
        commands = parser.add_subparsers(dest="command", required=True)
        export = commands.add_parser("export", help="write the actions to a file")
        which = export.add_mutually_exclusive_group()
        which.add_argument("--plan", type=int, help="only the actions of the plan with this ID")
        which.add_argument("--unit", help="only the actions of this unit and the units below it")
        export.add_argument("--format", choices=["xlsx", "csv"], required=True)
        export.add_argument("--out", required=True, help="the file to write")
        load = commands.add_parser("import", help="add or change actions from a file")
        load.add_argument("file", help="an XLSX or CSV file in the export's columns")
        load.add_argument(
            "--dry-run", action="store_true", help="check the file and report; save nothing"
        )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        organisation = self._organisation(options["organisation"])
        if options["command"] == "export":
            self._export(organisation, options)
        else:
            self._import(organisation, options)

    def _organisation(self, slug: str | None) -> Organisation:
        found = Organisation.objects.filter(slug=slug).first() if slug else organisation_default()
        if found is None:
            raise CommandError(
                f"There is no organisation {slug!r}." if slug else "No organisation."
            )
        return found

    def _export(self, organisation: Organisation, options: dict) -> None:
        plan_id = unit_id = None
        if options["plan"] is not None:
            if not Plan.objects.filter(organisation=organisation, pk=options["plan"]).exists():
                raise CommandError(f"There is no plan with the ID {options['plan']}.")
            plan_id = options["plan"]
        if options["unit"]:
            unit = OrgUnit.objects.filter(organisation=organisation, name=options["unit"]).first()
            if unit is None:
                raise CommandError(f"There is no unit called {options['unit']!r}.")
            unit_id = unit.pk
        actions = list(actions_for_export(organisation, plan_id=plan_id, unit_id=unit_id))
        out = Path(options["out"])
        try:
            if options["format"] == "xlsx":
                with out.open("wb") as binary:
                    actions_workbook(actions=actions, organisation=organisation, out=binary)
            else:
                with out.open("w", encoding="utf-8-sig", newline="") as text:
                    actions_csv(actions=actions, out=text)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}.") from error
        self.stdout.write(
            f"{len(actions)} action{'s' if len(actions) != 1 else ''} written to {out}."
        )

    def _import(self, organisation: Organisation, options: dict) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        result = actions_import(
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
            f"actions {verb} imported."
        )
