"""`goldenthread publish`: publish a quarter, as the Publishing page does.

    goldenthread publish --period 2025-Q2 --by performance.lead [--note "..."]
    goldenthread publish --period 2025-Q2 --by performance.lead --correction "PI-023 corrected"

A correction needs the quarter opened for a correction first (`--open "reason"`), so its
returns can be reopened and corrected; `--correction` then publishes the new version.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.accounts.models import Organisation, User
from goldenthread.accounts.selectors import organisation_default
from goldenthread.publishing import services
from goldenthread.publishing.models import Publication


class Command(BaseCommand):
    help = "Publishes a quarter: freezes its approved figures and reports for the public site."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="the quarter, like 2025-Q2")
        parser.add_argument(
            "--by", required=True, help="the publishing performance admin's username"
        )
        parser.add_argument("--note", default="", help="a note for the public pages")
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--open", dest="open_reason", help="open it for a correction, saying why"
        )
        action.add_argument("--correction", help="publish a correction, saying what was corrected")
        parser.add_argument(
            "--organisation", default="", help="slug or GSS code (default: the site's)"
        )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        organisation = self._organisation(options["organisation"])
        user = User.objects.filter(username=options["by"]).first()
        if user is None:
            raise CommandError(f"There is no user {options['by']!r}.")
        try:
            period = services.period_for_publishing(organisation, options["period"])
            if options["open_reason"] is not None or options["correction"] is not None:
                publication = Publication.objects.filter(
                    organisation=organisation, period=period, latest_number__gt=0
                ).first()
                if publication is None:
                    raise CommandError(f"{period.label} has not been published yet.")
                if options["open_reason"] is not None:
                    services.publication_open_for_correction(
                        publication=publication, user=user, reason=options["open_reason"]
                    )
                    self.stdout.write(f"{period.label} is open for a correction.")
                    return
                version = services.publication_correct(
                    publication=publication, user=user, note=options["correction"]
                )
            else:
                version = services.publication_publish(
                    organisation=organisation, period=period, user=user, note=options["note"]
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Published {period.label} version {version.number}: SHA-256 {version.content_hash}"
        )

    def _organisation(self, named: str) -> Organisation:
        if not named:
            found = organisation_default()
        else:
            found = Organisation.objects.filter(slug=named).first() or (
                Organisation.objects.filter(gss_code=named).first()
            )
        if found is None:
            raise CommandError(
                f"There is no organisation {named!r}." if named else "There is no organisation."
            )
        return found
