from django.core.management.base import BaseCommand, CommandError

from goldenthread import demo


class Command(BaseCommand):
    help = "Loads the fictional demo council (Wyvern Vale) and prints its log-ins."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--seed", type=int, default=2025, help="Random seed (default 2025).")

    def handle(self, *args, seed: int, **options):  # type: ignore[no-untyped-def]
        if demo.demo_exists():
            raise CommandError("The demo council is already loaded.")
        demo.build_demo(seed=seed)
        self.stdout.write(self.style.SUCCESS("Loaded the demo council."))
        print_logins(self.stdout)


def print_logins(out) -> None:  # type: ignore[no-untyped-def]
    out.write(f"\nDemo log-ins (every password is: {demo.DEMO_PASSWORD})\n")
    logins = demo.demo_logins()
    width = max(len(username) for username, _name, _roles in logins)
    for username, name, roles in logins:
        out.write(f"  {username.ljust(width)}  {name}: {roles}\n")
