from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from goldenthread import demo
from goldenthread.management.commands.load_demo import print_logins
from goldenthread.publishing.demo import demo_publish


class Command(BaseCommand):
    help = "Migrates, loads the demo council if it is missing, prints the log-ins and serves."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--port", default="8000", help="Port to serve on (default 8000).")
        parser.add_argument("--no-serve", action="store_true", help="Set up only; do not serve.")

    def handle(self, *args, port: str, no_serve: bool, **options):  # type: ignore[no-untyped-def]
        call_command("migrate", interactive=False, verbosity=0)
        if demo.demo_exists():
            self.stdout.write("The demo council is already loaded; reusing it.")
        else:
            self.stdout.write("Loading the demo council…")
            council = demo.build_demo()
            self.stdout.write("Publishing last year's results for the public site…")
            published = demo_publish(council.organisation)
            if published is not None:
                self.stdout.write(f"Published {published.publication.period.label}.")
        print_logins(self.stdout)
        if no_serve:
            return
        self.stdout.write(f"\nServing http://127.0.0.1:{port}/ (press Ctrl+C to stop)\n")
        call_command(
            "runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=not settings.DEBUG
        )
