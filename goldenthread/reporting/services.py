"""Making report files: at once for the command line, or as a run in the background for the
pages, which show its progress while it builds each section and writes the file.

By default a run is started once the request's transaction has committed, in a daemon thread
of the web process; one run at a time per process, so a long PDF never takes every core. With
GOLDENTHREAD_REPORT_WORKER on, the request only saves the run, queued, and a separate process
(`goldenthread reports_work`) claims and makes queued runs, so the web processes never spend
seconds of CPU on a PDF. A run that stops reporting progress (its process restarted), or
waits that long to be started, is shown as stale, to be asked for again; a worker fails a
queued run that has gone stale rather than make it late.
"""

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
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
from goldenthread.reporting.models import STALE_AFTER, ReportRun
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
    """A run for the report in this format, started in a background thread once saved, or
    left queued for the report worker when GOLDENTHREAD_REPORT_WORKER is on. The same person
    asking again while one is still being made gets that one."""
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
    if not settings.GOLDENTHREAD_REPORT_WORKER:
        transaction.on_commit(lambda: _start(run.pk))
    return run


def _start(run_id: object) -> None:
    threading.Thread(
        target=_run_in_background, args=(run_id,), name=f"report-{run_id}", daemon=True
    ).start()


def _run_in_background(run_id: object) -> None:
    try:
        with _one_at_a_time:
            if _run_take(run_id):  # unless a report worker has taken it meanwhile
                run = ReportRun.objects.select_related("organisation").get(pk=run_id)
                report_run_execute(run=run)
    finally:
        connections.close_all()  # this thread's own connections


def report_run_claim() -> ReportRun | None:
    """The oldest queued run, marked running, for the report worker to make; None when there
    is none. Queued runs gone stale (shown to their people as failed, to ask for again) are
    failed instead of made late.

    On PostgreSQL the candidate is locked with SKIP LOCKED, so workers claiming at once pass
    over each other's runs instead of waiting; on SQLite (no row locks) the claim's
    transaction takes the write lock at its start (transaction_mode IMMEDIATE), so claims
    are one at a time. Either way a run is only taken if it is still queued when it is
    marked running, so no two workers (or a worker and a web process's thread) make the same
    run."""
    now = timezone.now()
    ReportRun.objects.filter(
        status=ReportRun.Status.QUEUED, updated_at__lt=now - STALE_AFTER
    ).update(
        status=ReportRun.Status.FAILED,
        error="Not started in time: ask for it again.",
        finished_at=now,
        updated_at=now,
    )
    while True:
        with transaction.atomic():
            run = (
                ReportRun.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(status=ReportRun.Status.QUEUED)
                .order_by("created_at", "pk")
                .first()
            )
            if run is None:
                return None
            if _run_take(run.pk):
                run.refresh_from_db()
                return run


def _run_take(run_id: object) -> bool:
    """Marks the run running if it is still queued; False if someone else has taken it."""
    return bool(
        ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.QUEUED).update(
            status=ReportRun.Status.RUNNING, message="Starting", updated_at=timezone.now()
        )
    )


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
