"""`goldenthread tokens create USERNAME --scope read|read_write [--name TEXT]`,
`goldenthread tokens list USERNAME` and `goldenthread tokens revoke PREFIX`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.accounts.models import User
from goldenthread.api import selectors, services
from goldenthread.api.models import ApiToken


class Command(BaseCommand):
    help = "Makes, lists and revokes people's API tokens. A new token is printed once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("who", help="create, list: the person's username; revoke: the prefix")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default="read")
        parser.add_argument("--name", default="Made with the goldenthread command")

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        action, who = options["action"], options["who"]
        if action == "revoke":
            token = ApiToken.objects.filter(prefix=who).select_related("user").first()
            if token is None:
                raise CommandError(f"No token starts gt_{who}_.")
            services.token_revoke(token=token, user=token.user)
            self.stdout.write(
                f"Revoked {token.name} (gt_{token.prefix}_…) of {token.user.username}."
            )
            return
        user = User.objects.filter(username=who).first()
        if user is None:
            raise CommandError(f"There is no person with the username “{who}”.")
        if action == "list":
            for token in selectors.tokens_for(user):
                state = "active" if token.is_active else f"revoked {token.revoked_at:%Y-%m-%d}"
                self.stdout.write(
                    f"gt_{token.prefix}_…  {token.scope:<10}  {state:<18}  {token.name}"
                )
            return
        try:
            token, key = services.token_create(
                user=user, name=options["name"], scope=options["scope"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(f"Token for {user.username} ({token.get_scope_display().lower()}); "
                          "it is shown only this once:")  # fmt: skip
        self.stdout.write(key)
