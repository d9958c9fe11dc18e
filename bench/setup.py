"""Starts Django for a benchmark on a throwaway database.

SQLite in a temporary folder by default; PostgreSQL when DATABASE_URL is set (run under
scripts/with-postgres to get a throwaway cluster). Migrations run once per process.
"""

import os
import tempfile

_started = False


def django_ready() -> None:
    global _started
    if _started:
        return
    folder = tempfile.mkdtemp(prefix="goldenthread-bench-")
    os.environ.setdefault("GOLDENTHREAD_VAR_DIR", folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goldenthread.config.django.local")
    os.environ["DEBUG"] = "0"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    _started = True


def database_name() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"sqlite {connection.Database.sqlite_version}"
    return f"{connection.vendor} {connection.pg_version}"
