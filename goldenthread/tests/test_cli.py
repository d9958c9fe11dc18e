"""The `goldenthread` command as an operator runs it, in a separate process."""

import os
import subprocess
import sys
from pathlib import Path


def goldenthread(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "goldenthread", *args],
        env={**os.environ, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = goldenthread(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "goldenthread.config.django.production",
            "SECRET_KEY": "x" * 30 + "a-long-random-production-secret-key-value",
            "ALLOWED_HOSTS": "performance.example.gov.uk",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "goldenthread.config.django.production", "SECRET_KEY": ""}
    result = goldenthread("check", env=env, cwd=tmp_path)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_demo_sets_up_a_fresh_database_once_and_reuses_it(tmp_path):
    env = {"GOLDENTHREAD_VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": ""}
    env.pop("DATABASE_URL")
    clean_env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    first = subprocess.run(
        [sys.executable, "-m", "goldenthread", "demo", "--no-serve"],
        env={**clean_env, **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    assert "Loading the demo council" in first.stdout
    assert "performance.lead" in first.stdout and "golden-thread-demo" in first.stdout
    assert (tmp_path / "var" / "goldenthread.sqlite3").exists()
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0
    second = subprocess.run(
        [sys.executable, "-m", "goldenthread", "demo", "--no-serve"],
        env={**clean_env, **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert second.returncode == 0, second.stderr
    assert "already loaded; reusing it" in second.stdout
