"""`goldenthread reports_work`: the report worker, making the report files people ask for on
the pages when GOLDENTHREAD_REPORT_WORKER is on, so that the web processes do not.

    goldenthread reports_work            # runs until stopped (systemd: goldenthread-reports)
    goldenthread reports_work --once     # makes what is queued, then exits (tests, cron)

It claims the oldest queued run (goldenthread/reporting/services.py: report_run_claim; any
number of workers may run at once), makes it, and when nothing is queued waits `--poll`
seconds before looking again. SIGTERM or SIGINT stops it once the run in hand is finished.
"""

import signal
import threading
from types import FrameType

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection

from goldenthread.reporting.services import report_run_claim, report_run_execute


class Command(BaseCommand):
    help = "Makes the report files asked for on the pages, one at a time, until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--poll", type=float, default=1.0, help="seconds to wait when nothing is queued"
        )
        parser.add_argument(
            "--once", action="store_true", help="make the runs queued now, then exit"
        )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        stopping = threading.Event()

        def stop(signum: int, frame: FrameType | None) -> None:
            stopping.set()

        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, stop)
        made = 0
        while not stopping.is_set():
            _close_old_connections()
            run = report_run_claim()
            if run is None:
                if options["once"]:
                    break
                stopping.wait(options["poll"])
                continue
            run = report_run_execute(run=run)
            made += 1
            if options["verbosity"] > 0:
                outcome = run.filename if run.status == run.Status.DONE else f"failed: {run.error}"
                self.stdout.write(f"{run} for {run.organisation}: {outcome}")
        _close_old_connections()
        if options["verbosity"] > 1 or options["once"]:
            self.stdout.write(f"Report runs made: {made}.")


def _close_old_connections() -> None:
    """Between runs, as after each web request: drops a connection that has broken or is
    older than CONN_MAX_AGE. Not inside a transaction (a test's), which closing would end."""
    if not connection.in_atomic_block:
        close_old_connections()
