import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serves the application production-style with gunicorn (static files by WhiteNoise)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3"))
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("GUNICORN_THREADS", "4"))
        )
        parser.add_argument("--timeout", type=int, default=120)

    def handle(self, *args, bind: str, workers: int, threads: int, timeout: int, **options):  # type: ignore[no-untyped-def]
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "goldenthread.config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            str(timeout),
            "--access-logfile",
            "-",
        ]
        self.stdout.write(f"Starting gunicorn on {bind} with {workers} workers")
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with gunicorn
