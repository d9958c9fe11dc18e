"""The report worker: with GOLDENTHREAD_REPORT_WORKER on, asking for a report only queues its
run, and `goldenthread reports_work` claims and makes it; two claims never take the same run,
and a queued run gone stale is failed, not made."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from openpyxl import load_workbook

from goldenthread.accounts.models import User
from goldenthread.reporting import services
from goldenthread.reporting.catalogue import ReportRequest, report_resolve
from goldenthread.reporting.models import STALE_AFTER, ReportRun
from goldenthread.reporting.tests.conftest import COMMITTEE, PERIOD

pytestmark = pytest.mark.django_db
MEMBER = "cllr.scrutiny"


def ask(scenario, fmt: str = "xlsx", kind: str = "quarterly") -> ReportRun:  # type: ignore[no-untyped-def]
    resolved = report_resolve(
        scenario.council, ReportRequest(kind=kind, period=PERIOD, committee=COMMITTEE)
    )
    return services.report_run_request(
        organisation=scenario.council,
        user=User.objects.get(username=MEMBER),
        resolved=resolved,
        fmt=fmt,
    )


def work() -> str:
    out = StringIO()
    call_command("reports_work", "--once", stdout=out)
    return out.getvalue()


@override_settings(GOLDENTHREAD_REPORT_WORKER=True)
def test_with_the_worker_on_asking_only_queues_the_run(
    scenario, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks() as callbacks:
        run = ask(scenario)
    assert callbacks == []  # no thread is started when the request commits
    run.refresh_from_db()
    assert run.status == ReportRun.Status.QUEUED
    assert not run.file


@override_settings(GOLDENTHREAD_REPORT_WORKER=False)
def test_with_the_worker_off_a_thread_is_started_once_the_request_commits(
    scenario, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks() as callbacks:
        ask(scenario)
    assert len(callbacks) == 1  # not run: it would start the thread


@override_settings(GOLDENTHREAD_REPORT_WORKER=True)
def test_the_worker_makes_the_queued_runs_oldest_first(
    scenario, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks():
        workbook = ask(scenario, "xlsx")
        page = ask(scenario, "html", kind="exception")
    said = work()
    workbook.refresh_from_db()
    page.refresh_from_db()
    for run in (workbook, page):
        assert run.status == ReportRun.Status.DONE, run.error
        assert run.finished_at is not None and run.percent == 100
        assert run.filename in said
    assert said.index(workbook.filename) < said.index(page.filename)
    assert "Report runs made: 2." in said
    with workbook.file.open("rb") as file:
        cells = [
            cell
            for sheet in load_workbook(file).worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        ]
    assert scenario.red.title in cells
    with page.file.open("rb") as file:
        assert scenario.red.title in file.read().decode()
    assert work().strip() == "Report runs made: 0."  # nothing left queued


def test_two_claims_never_take_the_same_run(scenario, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks():
        first, second = ask(scenario, "xlsx"), ask(scenario, "html")
    claimed = [services.report_run_claim() for _ in range(3)]
    assert [run.pk if run else None for run in claimed] == [first.pk, second.pk, None]
    assert {run.status for run in claimed if run} == {ReportRun.Status.RUNNING}
    # A worker (or a web process's thread) that saw the run queued before it was claimed
    # does not take it as well.
    assert not services._run_take(first.pk)


def test_a_queued_run_gone_stale_is_failed_not_made(scenario, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks():
        old, fresh = ask(scenario, "xlsx"), ask(scenario, "html")
    long_ago = timezone.now() - STALE_AFTER - timedelta(minutes=1)
    ReportRun.objects.filter(pk=old.pk).update(updated_at=long_ago)
    old.refresh_from_db()
    assert old.is_stale  # its page already says to ask for it again
    assert services.report_run_claim() == fresh
    old.refresh_from_db()
    assert old.status == ReportRun.Status.FAILED
    assert not old.file and not old.is_stale
    assert services.report_run_claim() is None
