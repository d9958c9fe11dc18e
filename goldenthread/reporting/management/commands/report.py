"""`goldenthread report`: a report written to a file, as the pages make it.

    goldenthread report quarterly --period 2025-Q2 --committee "Executive Scrutiny Committee" \\
        --format pdf --out report.pdf
    goldenthread report cabinet --period 2025-Q2 --format docx
    goldenthread report annual --year 2025 --format xlsx
    goldenthread report exception --format html
    goldenthread report bvpp --year 2025 --format pdf
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.accounts.models import Organisation
from goldenthread.accounts.selectors import organisation_default
from goldenthread.reporting.catalogue import REPORTS, ReportError, ReportRequest, report_resolve
from goldenthread.reporting.render import FORMATS
from goldenthread.reporting.services import report_file_make


class Command(BaseCommand):
    help = "Writes a performance report (quarterly, cabinet, annual, exception or bvpp) to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report", choices=list(REPORTS), help="which report")
        parser.add_argument(
            "--period",
            default="",
            help="the quarter, like 2025-Q2, or year, like 2025/26 (default: the latest ended)",
        )
        parser.add_argument("--year", type=int, help="for the annual reports: 2025 means 2025/26")
        parser.add_argument("--committee", default="", help="the committee's name or slug")
        parser.add_argument("--theme", type=int, help="a theme's id, instead of a committee")
        parser.add_argument("--unit", type=int, help="a directorate's or service's id")
        parser.add_argument("--format", choices=list(FORMATS), default="pdf", dest="fmt")
        parser.add_argument("--out", help="the file to write (default: named after the report)")
        parser.add_argument(
            "--organisation", default="", help="slug or GSS code (default: the site's)"
        )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        organisation = self._organisation(options["organisation"])
        asked = ReportRequest(
            kind=options["report"],
            period=options["period"],
            year=options["year"],
            committee=options["committee"],
            theme=options["theme"],
            unit=options["unit"],
        )
        try:
            resolved = report_resolve(organisation, asked)
        except ReportError as error:
            raise CommandError(str(error)) from error

        def progress(done: int, total: int, message: str) -> None:
            if options["verbosity"] > 1 or (options["verbosity"] == 1 and done < total):
                self.stderr.write(f"[{done}/{total}] {message}")

        made = report_file_make(
            organisation=organisation, resolved=resolved, fmt=options["fmt"], progress=progress
        )
        out = Path(options["out"] or made.filename)
        try:
            out.write_bytes(made.content)
        except OSError as error:
            raise CommandError(f"Could not write {out}: {error.strerror}.") from error
        self.stdout.write(
            f"{resolved.title}, {resolved.subtitle}: {out} ({len(made.content):,} bytes)."
        )

    def _organisation(self, wanted: str) -> Organisation:
        if wanted:
            found = Organisation.objects.filter(slug=wanted).first() or (
                Organisation.objects.filter(gss_code=wanted).first()
            )
        else:
            found = organisation_default()
        if found is None:
            raise CommandError(
                f"There is no organisation {wanted!r}." if wanted else "There is no organisation."
            )
        return found
