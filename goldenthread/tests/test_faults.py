"""Faults during a bulk load: the `goldenthread values import` process killed part-way
(SIGKILL, so no clean-up code runs), or on PostgreSQL its connection ended by the server.
Afterwards nothing is half-written: the returns, their history, the targets and the
reporting periods are exactly as they were, and the same file then loads in full.

The load runs as an operator runs it, in a separate process, against a database of the
test's own (a subprocess cannot see the test's transaction). Running every migration for
it would take longer than the test itself, so it starts as a copy of the migrated test
database: on SQLite a file made from an SQL dump of it, on PostgreSQL a new database on the
same server with the test database as its template, dropped afterwards. A synthetic council
is generated into it, with values already, and a CSV of its values big enough to take a few
seconds to load. The state before and after is read by a small script in a new process,
straight from the database.
"""

import csv
import json
import os
import queue
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection

from goldenthread.indicators.importers import BATCH_SIZE
from goldenthread.indicators.models import Indicator, IndicatorReturn, Target
from goldenthread.strategy.models import ReportingPeriod

SETTINGS = "goldenthread.config.django.test"
SLUG = "synth-0001"  # the council `synth --orgs 1` makes
YEARS = range(1990, 2026)  # 36 financial years of quarters, most of them new periods
KILL_AFTER = 2 * BATCH_SIZE  # rows the load has written (in its transaction) before the fault
TIMEOUT = 120  # seconds for any one command, however loaded the machine

TABLES = {
    "returns": IndicatorReturn._meta.db_table,
    "return_history": IndicatorReturn.history.model._meta.db_table,  # type: ignore[attr-defined]
    "targets": Target._meta.db_table,
    "target_history": Target.history.model._meta.db_table,  # type: ignore[attr-defined]
    "periods": ReportingPeriod._meta.db_table,
    "indicators": Indicator._meta.db_table,
    "organisations": "accounts_organisation",
}

# Run with `python -c PROBE VENDOR DSN TABLES SLUG [--values]`: prints the database's state as
# JSON. Every row of the returns table goes into a digest, so a single changed value shows.
PROBE = r"""
import hashlib, json, sys

vendor, dsn, tables, slug = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
if vendor == "sqlite":
    import sqlite3
    db = sqlite3.connect(dsn)
    mark = "?"
else:
    import psycopg
    db = psycopg.connect(dsn)
    mark = "%s"
cursor = db.cursor()

def one(sql, *params):
    cursor.execute(sql.replace("?", mark), params)
    return cursor.fetchone()[0]

state = {name: one(f"SELECT COUNT(*) FROM {table}") for name, table in tables.items()}
digest = hashlib.sha256()
cursor.execute(f"SELECT * FROM {tables['returns']} ORDER BY id")
for row in cursor:
    digest.update(repr(row).encode())
state["returns_digest"] = digest.hexdigest()
if vendor == "sqlite":
    state["integrity"] = one("PRAGMA integrity_check")
organisation = one(f"SELECT id FROM {tables['organisations']} WHERE slug = ?", slug)
cursor.execute(
    f"SELECT code FROM {tables['indicators']} WHERE organisation_id = {mark} AND is_active "
    f"AND frequency = 'quarterly' AND formula = '' AND NOT is_qualitative "
    f"AND polarity <> 'band' ORDER BY code",
    [organisation],
)
state["codes"] = [code for (code,) in cursor.fetchall()]
if "--values" in sys.argv:
    cursor.execute(
        f"SELECT i.code, p.label, r.value FROM {tables['returns']} r "
        f"JOIN {tables['indicators']} i ON i.id = r.indicator_id "
        f"JOIN {tables['periods']} p ON p.id = r.period_id WHERE i.organisation_id = {mark}",
        [organisation],
    )
    state["values"] = {f"{code} {label}": str(value) for code, label, value in cursor}
print(json.dumps(state))
"""


@dataclass
class Database:
    """A database of the test's own, as the `goldenthread` command and the probe reach it."""

    vendor: str
    url: str  # DATABASE_URL for the command
    dsn: str  # for the probe: a file name or a libpq connection string
    workdir: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "goldenthread", *args],
            env=self.env(),
            cwd=self.workdir,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )

    def start_load(self, path: Path) -> "Load":
        """`goldenthread values import` started in the background, with its progress bar."""
        return Load(
            subprocess.Popen(
                [sys.executable, "-m", "goldenthread", "values", "--organisation", SLUG,
                 "import", str(path)],
                env=self.env(),
                cwd=self.workdir,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )  # fmt: skip

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": self.url,
            "GOLDENTHREAD_VAR_DIR": str(self.workdir / "var"),
            "PYTHONUNBUFFERED": "1",
        }

    def state(self, *, values: bool = False) -> dict[str, Any]:
        """The database as a new process finds it."""
        probe = subprocess.run(
            [sys.executable, "-c", PROBE, self.vendor, self.dsn, json.dumps(TABLES), SLUG]
            + (["--values"] if values else []),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert probe.returncode == 0, probe.stderr
        return json.loads(probe.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def sqlite_database(db, tmp_path) -> Database:  # type: ignore[no-untyped-def]
    """A file copy of the migrated test database. The online backup cannot read a connection
    inside a write transaction (each test runs in one), so it goes as SQL; the transaction
    has changed nothing, so the copy is the database as committed."""
    path = tmp_path / "faults.sqlite3"
    copy = sqlite3.connect(path)
    try:
        copy.executescript("\n".join(connection.connection.iterdump()))
    finally:
        copy.close()
    return Database("sqlite", f"sqlite:///{path}", str(path), tmp_path)


@pytest.fixture
def postgresql_database(db, tmp_path) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    """A new database on the test run's server, made from the migrated test database as a
    template and dropped afterwards."""
    import psycopg
    from psycopg import sql

    settings = connection.settings_dict
    server = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
    }
    name = f"goldenthread_faults_{uuid.uuid4().hex[:8]}"
    # A template must have no one connected to it, this process included: the test's
    # transaction (which has changed nothing) ends with the connection, and the test uses
    # the ORM no more.
    connection.close()
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(settings["NAME"])
                )
            )
    except psycopg.Error as error:
        pytest.skip(f"cannot make a database for the fault test on the test server: {error}")
    dsn = psycopg.conninfo.make_conninfo(dbname=name, **{k: v for k, v in server.items() if v})
    login = quote(server["user"] or "", safe="")
    if server["password"]:
        login += ":" + quote(server["password"], safe="")
    address = (server["host"] or "localhost") + (f":{server['port']}" if server["port"] else "")
    try:
        yield Database("postgresql", f"postgres://{login}@{address}/{name}", dsn, tmp_path)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def values_csv(path: Path, codes: list[str]) -> dict[str, Decimal]:
    """A file of quarterly values (with targets and commentary) for every code and year;
    the value each row gives, by "code period"."""
    given = {}
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["code", "period", "value", "target", "commentary"])
        for year in YEARS:
            for quarter in range(1, 5):
                for number, code in enumerate(codes):
                    label = f"{year}-Q{quarter}"
                    value = Decimal((number * 7 + year * 3 + quarter) % 400) / 4  # 0 to 99.75
                    out.writerow([code, label, value, 50, f"Loaded for {label}"])
                    given[f"{code} {label}"] = value
    return given


PROGRESS = re.compile(r"(\d+)%\s+([\d,]+) rows")


class Load:
    """A load running in another process, its output read as it comes."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output = ""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def part_way(self, rows: int) -> None:
        """Waits for the progress bar (a line each tenth of the file, drawn after the batch
        has gone to the database) to show at least `rows` rows written and the load not done."""
        deadline = time.monotonic() + TIMEOUT
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.output += line
            found = PROGRESS.search(line)
            if found and int(found[1]) < 100 and int(found[2].replace(",", "")) >= rows:
                return
        self.process.kill()
        pytest.fail(f"The load never showed {rows:,} rows written part-way:\n{self.output}")

    def killed(self) -> None:
        """SIGKILL: the process ends at once, no exception handler or clean-up runs."""
        self.process.send_signal(signal.SIGKILL)
        assert self.finished() == -signal.SIGKILL, f"the load was not killed:\n{self.output}"
        assert "problem" not in self.output  # it was writing, not just checking, when killed

    def finished(self) -> int:
        code = self.process.wait(timeout=TIMEOUT)
        self.reader.join(timeout=TIMEOUT)
        while not self.lines.empty():
            self.output += self.lines.get_nowait() or ""
        return code


def prepared(database: Database) -> tuple[dict[str, Any], Path, dict[str, Decimal]]:
    """A synthetic council with values already, the state before any fault, and the file."""
    # Enough indicators for a file of more than twice KILL_AFTER rows (a row per quarter).
    made = database.run("synth", "--orgs", "1", "--indicators", "600", "--quarters", "8")
    assert made.returncode == 0, made.stderr
    before = database.state()
    assert before["returns"] > 1000 and len(before["codes"]) >= 100, before
    path = database.workdir / "values.csv"
    given = values_csv(path, before["codes"])
    assert len(given) > 2 * KILL_AFTER  # the fault lands well inside the load
    return before, path, given


def unchanged(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Nothing half-written: every count and every returns row as before the load."""
    assert after.get("integrity", "ok") == "ok"
    for key in ("returns", "return_history", "targets", "target_history", "periods"):
        assert after[key] == before[key], key
    assert after["returns_digest"] == before["returns_digest"]


def loads_in_full(database: Database, path: Path, given: dict[str, Decimal]) -> None:
    """The same file loaded again, to the end: every row is there with its value."""
    before = database.state()
    loaded = database.run("values", "--organisation", SLUG, "import", str(path), "--no-progress")
    assert loaded.returncode == 0, loaded.stderr
    assert f"{len(given):,} rows loaded" in loaded.stdout
    after = database.state(values=True)
    assert after.get("integrity", "ok") == "ok"
    stored = after["values"]
    assert [key for key in given if key not in stored] == []
    assert [key for key, value in given.items() if Decimal(stored[key]) != value] == []
    assert after["returns"] - before["returns"] > len(given) / 2  # most quarters were new
    assert after["periods"] > before["periods"]
    assert after["targets"] > before["targets"]
    new = after["returns"] - before["returns"]
    assert after["return_history"] - before["return_history"] >= new  # one row a value at least


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite run; the PostgreSQL one is below"
)
def test_a_load_killed_part_way_leaves_nothing_half_written_on_sqlite(sqlite_database):  # type: ignore[no-untyped-def]
    database = sqlite_database
    before, path, given = prepared(database)

    load = database.start_load(path)
    load.part_way(KILL_AFTER)
    load.killed()
    unchanged(before, database.state())

    loads_in_full(database, path, given)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="runs when the test database is PostgreSQL (scripts/with-postgres)",
)
def test_a_load_killed_or_cut_off_part_way_leaves_nothing_half_written_on_postgresql(  # type: ignore[no-untyped-def]
    postgresql_database,
):
    import psycopg

    database = postgresql_database
    before, path, given = prepared(database)

    with psycopg.connect(database.dsn, autocommit=True) as watcher:
        # Killed: the server sees the connection close and rolls its transaction back.
        load = database.start_load(path)
        load.part_way(KILL_AFTER)
        assert writing(watcher) == 1  # the load's open transaction, holding the returns table
        load.killed()
        gone(watcher)
        unchanged(before, database.state())

        # Cut off: the database goes away under the load, which stops with an error.
        load = database.start_load(path)
        load.part_way(KILL_AFTER)
        ended = watcher.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        assert ended == [(True,)]
        assert load.finished() != 0
        assert "terminating connection" in load.output, load.output
        gone(watcher)
        unchanged(before, database.state())

    loads_in_full(database, path, given)


def writing(watcher: Any) -> int:
    """Other connections with an open transaction holding a write lock on the returns table."""
    return watcher.execute(  # type: ignore[no-any-return]
        "SELECT COUNT(DISTINCT l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() "
        "AND a.xact_start IS NOT NULL AND l.granted AND l.mode = 'RowExclusiveLock' "
        "AND l.relation = %s::regclass",
        [TABLES["returns"]],
    ).fetchone()[0]


def gone(watcher: Any) -> None:
    """Waits for the server to be done with the load's connection (rolled back)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        others = watcher.execute(
            "SELECT COUNT(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
        if not others:
            return
        time.sleep(0.1)
    pytest.fail("The load's connection is still open on the server.")
