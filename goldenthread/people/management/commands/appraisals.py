"""`goldenthread appraisals feed --year 2026`: writes the year's appraisal completion rate to
the completion indicator (as the appraisal pages do after each year-end review)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.accounts.models import Organisation
from goldenthread.accounts.selectors import organisation_default
from goldenthread.people import selectors, services


class Command(BaseCommand):
    help = "Writes the appraisal completion rate to the organisation's completion indicator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", help="slug of the organisation (default: the site's)")
        commands = parser.add_subparsers(dest="command", required=True)
        feed = commands.add_parser("feed", help="write the completion rate for a year")
        feed.add_argument("--year", type=int, help="financial year (default: this one)")

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        slug = options["organisation"]
        organisation = (
            Organisation.objects.filter(slug=slug).first() if slug else organisation_default()
        )
        if organisation is None:
            raise CommandError(
                f"There is no organisation {slug!r}." if slug else "No organisation."
            )
        year = options["year"] or selectors.appraisal_year(organisation)
        written = services.appraisal_completion_feed(organisation=organisation, year=year)
        if written is None:
            self.stdout.write(
                "Nothing written: no completion indicator with a lead officer, no period, or "
                "the year's value is already submitted or approved."
            )
            return
        self.stdout.write(
            f"{written.indicator.code} {written.period.label}: {written.value:.1f}% "
            f"({written.numerator:.0f} of {written.denominator:.0f}), saved as a draft."
        )
