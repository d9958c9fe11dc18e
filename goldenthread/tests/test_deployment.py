"""Hardened deployment: the production settings' security headers and cookies, and backup and
restore round trips. (`check --deploy` with production settings is in test_cli.py.)"""

import importlib
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
]


@pytest.fixture
def production(monkeypatch):  # type: ignore[no-untyped-def]
    """The security settings of goldenthread.config.django.production, as an operator's
    environment gives them."""
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret-key-value-" + "x" * 30)
    monkeypatch.setenv("ALLOWED_HOSTS", "performance.example.gov.uk")
    module = importlib.reload(importlib.import_module("goldenthread.config.django.production"))
    return {name: getattr(module, name) for name in SECURITY_SETTINGS}


def test_production_settings_are_hardened(production):  # type: ignore[no-untyped-def]
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"
    directives = production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    for name in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in directives[name]
        assert "'unsafe-eval'" not in directives[name]


@pytest.mark.django_db
def test_production_responses_carry_the_security_headers(production):  # type: ignore[no-untyped-def]
    with override_settings(**production, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        insecure = client.get(reverse("accounts:login"))
        assert insecure.status_code == 301
        assert insecure["Location"].startswith("https://")
        page = client.get(reverse("accounts:login"), secure=True)
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Content-Type-Options"] == "nosniff"
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    cookie = page.cookies["csrftoken"]
    assert cookie["secure"] is True


@pytest.mark.django_db
def test_the_session_cookie_is_secure_and_http_only(production, person):  # type: ignore[no-untyped-def]
    officer = person("officer.estates")
    officer.set_password("a-long-enough-test-password")
    officer.save()
    with override_settings(**production, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        response = client.post(
            reverse("accounts:login"),
            {"username": "officer.estates", "password": "a-long-enough-test-password"},
            secure=True,
        )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["max-age"] == ""  # ends when the browser closes


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles(signed_in):  # type: ignore[no-untyped-def]
    client = signed_in("head.housing")
    for name in ("home", "indicators:indicator_list", "strategy:objective_list"):
        page = client.get(reverse(name)).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), name
        assert " style=" not in page, name


# --- backup and restore ---------------------------------------------------------------------


def goldenthread(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the test's own command
        [sys.executable, "-m", "goldenthread", *args],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "goldenthread.config.django.test", **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def _rows(cursor, table: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    quoted = connection.ops.quote_name(table)
    cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - table names from the schema
    rows = [tuple(_text(value) for value in row) for row in cursor]
    # Sorted here: history tables repeat their first column, so ORDER BY 1 leaves ties.
    return sorted(rows, key=lambda row: [(value is None, value or "") for value in row])


def _text(value: object) -> str | None:
    """As text: Django's SQLite connection converts timestamps and booleans, a plain one
    does not."""
    if value is None:
        return None
    return str(int(value)) if isinstance(value, bool) else str(value)


@pytest.mark.django_db
def test_restore_refuses_to_write_over_data(tmp_path):  # type: ignore[no-untyped-def]
    backup = tmp_path / "backup.sqlite3"
    sqlite3.connect(backup).close()
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(backup))


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):  # type: ignore[no-untyped-def]
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup")
    result = goldenthread(
        "restore", str(junk), env={"DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"}
    )
    assert result.returncode != 0
    assert "is not a Golden Thread backup" in result.stderr


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
def test_sqlite_backup_restores_every_row(tmp_path):  # type: ignore[no-untyped-def]
    # The live database, as a file: the online backup cannot read a connection that is
    # inside a write transaction, and each test runs in one.
    live = tmp_path / "live.sqlite3"
    copy = sqlite3.connect(live)
    copy.executescript("\n".join(connection.connection.iterdump()))
    copy.close()
    out = tmp_path / "backup.sqlite3"
    made = goldenthread("backup", "--out", str(out), env={"DATABASE_URL": f"sqlite:///{live}"})
    assert made.returncode == 0, made.stderr
    assert "SQLite online backup" in made.stdout
    restored = tmp_path / "restored.sqlite3"
    result = goldenthread("restore", str(out), env={"DATABASE_URL": f"sqlite:///{restored}"})
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout
    restored_db = sqlite3.connect(restored)
    try:
        with connection.cursor() as cursor:
            tables = _tables()
            for table in tables:
                assert _rows(cursor, table) == _rows(restored_db.cursor(), table), table
        assert len(tables) > 50
        returns = "SELECT COUNT(*) FROM indicators_indicatorreturn"
        assert restored_db.execute(returns).fetchone()[0] > 100
    finally:
        restored_db.close()


@pytest.mark.django_db(transaction=False)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL round trip")
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_postgresql_backup_restores_every_row(tmp_path):  # type: ignore[no-untyped-def]
    import psycopg

    settings = connection.settings_dict
    out = tmp_path / "backup.dump"
    call_command("backup", out=out, stdout=io.StringIO())
    assert out.read_bytes().startswith(b"PGDMP")
    name = f"restored_{uuid.uuid4().hex[:8]}"
    server = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = "postgres://{user}@{host}:{port}/{name}".format(name=name, **server)
        result = goldenthread("restore", str(out), env={"DATABASE_URL": url})
        assert result.returncode == 0, result.stderr
        # Both read through plain connections, so JSON and dates come back alike; the test's
        # own transaction holds no changes (the demo was committed before it).
        with (
            psycopg.connect(dbname=settings["NAME"], **server) as live,
            psycopg.connect(dbname=name, **server) as copy,
        ):
            tables = _tables()
            for table in tables:
                assert _rows(live.cursor(), table) == _rows(copy.cursor(), table), table
        assert len(tables) > 50
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
