"""Making report files: at once for the command line, or as a run in a background thread for
the pages, which show its progress while it builds each section and writes the file.

A run is started once the request's transaction has committed, in a daemon thread of the web
process; one run at a time per process, so a long PDF never takes every core. A run that
stops reporting progress (its process restarted) is shown as stale, to be asked for again.
"""

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.utils import timezone

from goldenthread.accounts.models import Organisation, User
from goldenthread.reporting.catalogue import (
    ReportRequest,
    ResolvedReport,
    report_build,
    report_resolve,
)
from goldenthread.reporting.models import ReportRun
from goldenthread.reporting.render import FORMATS, render
from goldenthread.reporting.sections import Progress

logger = logging.getLogger(__name__)
KEEP_RUNS_FOR = timedelta(days=7)
_one_at_a_time = threading.BoundedSemaphore(1)


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    filename: str
    content_type: str


def report_file_make(
    *,
    organisation: Organisation,
    resolved: ResolvedReport,
    fmt: str,
    progress: Progress | None = None,
) -> ReportFile:
    """The report in one format: its sections built, then rendered."""
    chosen = FORMATS[fmt]
    report = report_build(organisation, resolved, progress=progress)
    return ReportFile(
        content=render(report, fmt),
        filename=f"{resolved.file_stem}.{chosen.extension}",
        content_type=chosen.content_type,
    )


def report_run_request(
    *, organisation: Organisation, user: User, resolved: ResolvedReport, fmt: str
) -> ReportRun:
    """A run for the report in this format, started in the background once saved. The same
    person asking again while one is still being made gets that one."""
    report_runs_prune(organisation=organisation)
    asked = resolved.request.as_dict()
    pending = ReportRun.objects.filter(
        organisation=organisation,
        requested_by=user,
        format=fmt,
        request=asked,
        status__in=[ReportRun.Status.QUEUED, ReportRun.Status.RUNNING],
    ).first()
    if pending is not None and not pending.is_stale:
        return pending
    run = ReportRun.objects.create(
        organisation=organisation,
        requested_by=user,
        request=asked,
        format=fmt,
        title=f"{resolved.title}: {resolved.subtitle}",
    )
    transaction.on_commit(lambda: _start(run.pk))
    return run


def _start(run_id: object) -> None:
    threading.Thread(
        target=_run_in_background, args=(run_id,), name=f"report-{run_id}", daemon=True
    ).start()


def _run_in_background(run_id: object) -> None:
    try:
        with _one_at_a_time:
            run = ReportRun.objects.select_related("organisation").get(pk=run_id)
            report_run_execute(run=run)
    finally:
        connections.close_all()  # this thread's own connections


def report_run_execute(*, run: ReportRun) -> ReportRun:
    """Builds and writes the run's file, recording progress as it goes; a failure is recorded
    with its reason rather than raised."""
    run.status = ReportRun.Status.RUNNING
    run.message = "Starting"
    run.save(update_fields=["status", "message", "updated_at"])

    def progress(done: int, total: int, message: str) -> None:
        if done == total:
            message = f"Writing the {FORMATS[run.format].label} file"
        run.steps_done, run.steps_total, run.message = done, total + 1, message  # +1: writing
        run.save(update_fields=["steps_done", "steps_total", "message", "updated_at"])

    try:
        resolved = report_resolve(run.organisation, ReportRequest(**run.request))
        made = report_file_make(
            organisation=run.organisation, resolved=resolved, fmt=run.format, progress=progress
        )
    except Exception as error:
        logger.exception("Report run %s failed", run.pk)
        run.status = ReportRun.Status.FAILED
        run.error = str(error) or type(error).__name__
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at", "updated_at"])
        return run
    run.file.save(made.filename, ContentFile(made.content), save=False)
    run.filename = made.filename
    run.status = ReportRun.Status.DONE
    run.steps_done = run.steps_total
    run.message = "Ready"
    run.finished_at = timezone.now()
    run.save()
    return run


def report_runs_prune(*, organisation: Organisation) -> int:
    """Deletes the organisation's runs older than a week, and their files."""
    old = list(
        ReportRun.objects.filter(
            organisation=organisation, created_at__lt=timezone.now() - KEEP_RUNS_FOR
        )
    )
    for run in old:
        if run.file:
            run.file.delete(save=False)
        run.delete()
    return len(old)
