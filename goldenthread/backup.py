"""Backup and restore of the whole database, consistent while the service runs.

SQLite: the online backup API copies the database page by page under a read transaction, so
the copy is one consistent moment even with people saving returns. PostgreSQL: `pg_dump` in
its custom format (one snapshot), restored with `pg_restore`; where `pg_dump` is not on the
PATH, Django's `dumpdata` (every table as JSON, read in one transaction) is the fallback and
`loaddata` restores it after `migrate`. Subprocesses run only pg_dump and pg_restore, with
fixed arguments and no shell. A restore goes only into an empty database, so it can
never mix two councils' data.
"""

import os
import shutil
import sqlite3
import subprocess  # nosec B404
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connections, transaction

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
# Derived or per-installation rows that `migrate` makes again in the new database.
DUMPDATA_EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class BackupError(Exception):
    """Backup or restore cannot go ahead; the message says why."""


def _engine(alias: str) -> str:
    return connections[alias].vendor


def backup_make(*, out: Path, alias: str = "default") -> str:
    """Writes a backup of the database to `out` and returns how it was made."""
    out.parent.mkdir(parents=True, exist_ok=True)
    vendor = _engine(alias)
    if vendor == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        target = sqlite3.connect(out)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return "SQLite online backup"
    if vendor == "postgresql" and shutil.which("pg_dump"):
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(out)], alias)
        return "pg_dump (custom format)"
    with out.open("w", encoding="utf-8") as handle, transaction.atomic(using=alias):
        call_command(
            "dumpdata",
            exclude=DUMPDATA_EXCLUDE,
            natural_foreign=True,
            database=alias,
            stdout=handle,
            verbosity=0,
        )
    return "Django dumpdata (JSON)"


def backup_restore(*, source: Path, alias: str = "default") -> str:
    """Restores a backup made by `backup_make` into an empty database."""
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    with source.open("rb") as handle:
        header = handle.read(16)
    if not _is_empty(alias):
        raise BackupError(
            "The database already holds data; restore only into a new, empty database."
        )
    vendor = _engine(alias)
    if header.startswith(SQLITE_HEADER):
        if vendor != "sqlite":
            raise BackupError("This is a SQLite backup; restore it into a SQLite database.")
        connections[alias].close()
        name = connections[alias].settings_dict["NAME"]
        source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(name)
        try:
            source_db.backup(target)
        finally:
            source_db.close()
            target.close()
        return "SQLite backup restored"
    if header.startswith(PG_DUMP_HEADER):
        if vendor != "postgresql" or not shutil.which("pg_restore"):
            raise BackupError(
                "This is a pg_dump backup; restore it into PostgreSQL with pg_restore."
            )
        if connections[alias].introspection.table_names():
            raise BackupError("Restore a pg_dump backup into a new database made with createdb.")
        connections[alias].close()
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction"]
            + ["--exit-on-error", str(source)],
            alias,
        )
        return "pg_dump backup restored"
    if header.lstrip().startswith(b"["):
        call_command("migrate", database=alias, verbosity=0, interactive=False)
        call_command("loaddata", str(source), database=alias, verbosity=0)
        return "dumpdata backup loaded"
    raise BackupError(f"{source} is not a Golden Thread backup (SQLite, pg_dump or JSON).")


def _is_empty(alias: str) -> bool:
    """No tables at all, or tables with no organisation in them."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        name = connection.settings_dict["NAME"]
        if not str(name).startswith(("file:", ":memory:")) and not Path(name).exists():
            return True
    tables = connection.introspection.table_names()
    if "accounts_organisation" not in tables:
        return not tables
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM accounts_organisation")
        return cursor.fetchone()[0] == 0


def _run(argv: list[str], alias: str) -> None:
    settings: dict[str, Any] = connections[alias].settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    for key, flag in (("HOST", "--host"), ("PORT", "--port"), ("USER", "--username")):
        if settings.get(key):
            argv += [flag, str(settings[key])]
    argv += ["--dbname", str(settings["NAME"])]
    # A fixed program and arguments from the settings, never a shell.
    result = subprocess.run(  # noqa: S603  # nosec B603
        argv, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {result.stderr.strip()}")
