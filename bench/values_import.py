"""Bulk load of historical values: `goldenthread values import` on a generated CSV.

    python -m bench.values_import [--rows 1000000] [--again]

Writes a CSV of quarterly values into a temporary folder (10,000 indicators by default,
as many quarters as the rows need, the reporting periods made by the import itself), loads
it, and prints the time, the rate and the process's memory (resident set size) when the
load starts and at its highest, sampled as it runs: flat memory means the peak does not
grow with the number of rows. Seconds are wall-clock; CPU seconds are this process's own
(on SQLite that includes the database's work); on PostgreSQL the database server process's
CPU seconds for the load are given too (read from /proc, so on Linux with the server on
this machine, as under scripts/with-postgres). A tenth of the rows is loaded first for
comparison. With --again the full file is loaded a second time, which must change nothing.
"""

import argparse
import csv
import os
import resource
import tempfile
import time
from pathlib import Path

from bench.setup import Result, database_name, django_ready

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_mib() -> float:
    """The process's resident memory now (Linux), else its peak so far."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * PAGE / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10


def database_cpu() -> float | None:
    """CPU seconds used so far by the PostgreSQL server process serving this connection, or
    None (SQLite, whose work is this process's own; or no /proc to read it from)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def organisation_for(rows: int, indicators: int):  # type: ignore[no-untyped-def]
    from goldenthread.accounts.models import Organisation
    from goldenthread.indicators.models import Indicator

    slug = f"bench-values-{rows}"
    Organisation.objects.filter(slug=slug).delete()
    organisation = Organisation.objects.create(name=f"Bench council {slug}", slug=slug)
    Indicator.objects.bulk_create(
        (
            Indicator(
                organisation=organisation,
                code=f"V-{n:05d}",
                title=f"Benchmark indicator {n}",
                unit="number",
                frequency="quarterly",
            )
            for n in range(indicators)
        ),
        batch_size=5000,
    )
    return organisation


def write_csv(path: Path, rows: int, indicators: int) -> None:
    """Quarter by quarter from 1990-Q1, every indicator's value, a target every fourth."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "period", "value", "target"])
        written = 0
        quarter = 0
        while written < rows:
            label = f"{1990 + quarter // 4}-Q{quarter % 4 + 1}"
            for n in range(min(indicators, rows - written)):
                value = (n * 7 + quarter * 13) % 1000 / 10
                writer.writerow([f"V-{n:05d}", label, value, 50 if n % 4 == 0 else ""])
            written += min(indicators, rows - written)
            quarter += 1


def measure(rows: int, indicators: int, folder: Path, *, again: bool = False) -> list[dict]:
    from goldenthread.indicators.importers import values_import

    organisation = organisation_for(rows, indicators)
    path = folder / f"values-{rows}.csv"
    write_csv(path, rows, indicators)
    results = []
    for attempt in ["load", "load again"] if again else ["load"]:
        start_mib = resident_mib()
        peak = [start_mib]

        def sample(_rows: int, _done: int, _size: int, peak: list[float] = peak) -> None:
            peak[0] = max(peak[0], resident_mib())

        database = database_cpu()
        start, cpu = time.perf_counter(), time.process_time()
        result = values_import(path, organisation=organisation, progress=sample)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        if database is not None:
            after = database_cpu()
            database = None if after is None else after - database
        if not result.ok:
            raise SystemExit(f"the load failed: {result.errors[:3]}")
        results.append(
            {
                "operation": f"values import, {attempt}",
                "rows": result.rows,
                "seconds": seconds,
                "cpu": cpu,
                "database_cpu": database,
                "rate": result.rows / seconds,
                "written": result.created + result.updated,
                "start_mib": start_mib,
                "peak_mib": max(peak[0], resident_mib()),
                "file_mib": path.stat().st_size / 2**20,
            }
        )
    path.unlink()
    return results


def print_table(results: list[dict]) -> None:
    print(
        f"{'operation':<28} {'rows':>9} {'written':>9} {'file MiB':>9} {'seconds':>8} "
        f"{'CPU s':>7} {'DB CPU s':>8} {'rows/s':>8} {'RSS start MiB':>14} {'RSS peak MiB':>13}"
    )
    for r in results:
        database = "–" if r["database_cpu"] is None else f"{r['database_cpu']:.1f}"
        print(
            f"{r['operation']:<28} {r['rows']:>9} {r['written']:>9} {r['file_mib']:>9.1f} "
            f"{r['seconds']:>8.1f} {r['cpu']:>7.1f} {database:>8} {r['rate']:>8.0f} "
            f"{r['start_mib']:>14.1f} {r['peak_mib']:>13.1f}"
        )


def measured(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--indicators", type=int, default=10_000)
    parser.add_argument("--again", action="store_true", help="load the full file twice")
    args = parser.parse_args(argv)
    django_ready()
    with tempfile.TemporaryDirectory(prefix="goldenthread-values-") as folder:
        loads = measure(max(1, args.rows // 10), args.indicators, Path(folder))
        loads += measure(args.rows, args.indicators, Path(folder), again=args.again)
    return loads


def results(argv: list[str] | None = None) -> list[Result]:
    """For `python -m bench`'s one table: wall-clock seconds and the peak resident memory
    (RSS, not Python's traced peak as elsewhere); no raw baseline."""
    return [
        Result(
            operation=f"{r['operation']} (peak is RSS)",
            rows=r["rows"],
            ours_s=r["seconds"],
            raw_s=None,
            queries=None,
            peak_mib=r["peak_mib"],
        )
        for r in measured(argv)
    ]


def main(argv: list[str] | None = None) -> list[dict]:
    loads = measured(argv)
    print(f"database: {database_name()}")
    print_table(loads)
    return loads


if __name__ == "__main__":
    main()
