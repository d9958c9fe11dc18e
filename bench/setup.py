"""Starts Django for a benchmark on a throwaway database, and the one result format and
table every benchmark shares.

SQLite in a temporary folder by default; PostgreSQL when DATABASE_URL is set (run under
scripts/with-postgres to get a throwaway cluster). Migrations run once per process.

A benchmark module has `results(argv) -> list[Result]` (or a `main(argv)` returning them,
or dicts with the same keys), which `python -m bench` gathers into one table. Measure with
`median_time`, `queries_of` and `peak_mib`, and time the baseline in the same run: the raw
read of the same rows through the database driver (`raw_rows`), and for pages the Django
admin changelist of the same rows where there is one.
"""

import atexit
import os
import shutil
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

_started = False


def django_ready() -> None:
    global _started
    if _started:
        return
    folder = tempfile.mkdtemp(prefix="goldenthread-bench-")
    # A full-size run leaves hundreds of megabytes of database behind otherwise.
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ.setdefault("GOLDENTHREAD_VAR_DIR", folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goldenthread.config.django.local")
    os.environ["DEBUG"] = "0"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    # Pages are measured as in production: static files from the hashed manifest.
    call_command("collectstatic", verbosity=0, interactive=False)
    _started = True


def test_environment() -> None:
    """What the Django test client needs, as little as that: its host name allowed and
    email kept in memory. Not Django's setup_test_environment(), whose instrumented
    template rendering copies every template's context for the test client and would be
    timed as part of each page; and safe to call from every benchmark in one process."""
    from django.conf import settings

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def database_name() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"sqlite {connection.Database.sqlite_version}"
    return f"{connection.vendor} {connection.pg_version}"


@dataclass
class Result:
    """One measured operation: our time against the baseline measured in the same run."""

    operation: str
    rows: int
    ours_s: float
    raw_s: float | None  # the raw read of the same rows through the driver; None: no baseline
    queries: int | None
    peak_mib: float | None
    admin_s: float | None = None  # the Django admin changelist of the same rows, for pages
    database: str = ""

    @property
    def ratio(self) -> float | None:
        return self.ours_s / self.raw_s if self.raw_s else None

    @classmethod
    def of(cls, item: "Result | Mapping[str, Any]") -> "Result":
        """A Result from a Result or a dict with the same keys (`baseline_s` for `raw_s`)."""
        if isinstance(item, Result):
            return item
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in item.items() if key in known}
        if "raw_s" not in values and "baseline_s" in item:
            values["raw_s"] = item["baseline_s"]
        values.setdefault("raw_s", None)
        values.setdefault("queries", None)
        values.setdefault("peak_mib", None)
        return cls(**values)


def median_time(operation: Callable[[], object], repeats: int = 5) -> float:
    """The median of `repeats` timed runs after one warm-up run."""
    operation()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        operation()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def queries_of(operation: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        operation()
    return len(queries)


def peak_mib(operation: Callable[[], object]) -> float:
    """Peak Python memory allocated while the operation runs."""
    tracemalloc.start()
    try:
        operation()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def raw_rows(sql: str, params: Sequence[object] = ()) -> int:
    """Runs one query through the database driver with no model layer; the row count."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


def _cell(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


COLUMNS = [
    ("operation", 58),
    ("database", 16),
    ("rows", 10),
    ("ours s", 8),
    ("raw s", 8),
    ("ratio", 6),
    ("admin s", 8),
    ("queries", 8),
    ("peak MiB", 9),
]


def table(results: Iterable[Result | Mapping[str, Any]]) -> str:
    """The one table every benchmark prints: plain text, aligned columns."""
    lines = [
        " ".join(
            f"{name:<{width}}" if i < 2 else f"{name:>{width}}"
            for i, (name, width) in enumerate(COLUMNS)
        )
    ]
    for item in results:
        r = Result.of(item)
        cells = [
            r.operation,
            r.database,
            f"{r.rows:,}",
            _cell(r.ours_s, 3),
            _cell(r.raw_s, 3),
            _cell(r.ratio, 1),
            _cell(r.admin_s, 3),
            "-" if r.queries is None else str(r.queries),
            _cell(r.peak_mib, 1),
        ]
        lines.append(
            " ".join(
                f"{cell:<{width}}" if i < 2 else f"{cell:>{width}}"
                for i, (cell, (_name, width)) in enumerate(zip(cells, COLUMNS, strict=True))
            )
        )
    return "\n".join(lines)


def print_table(results: Iterable[Result | Mapping[str, Any]]) -> None:
    measured = [Result.of(item) for item in results]
    if _started:  # a benchmark run on its own names the database it measured too
        for result in measured:
            result.database = result.database or database_name()
    print(table(measured), flush=True)
