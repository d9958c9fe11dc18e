"""Reads the environment once, for the settings modules.

Required values use :func:`required` and fail at start-up; optional ones have
safe defaults.
"""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# The working folder for the SQLite database, generated secrets and uploads.
VAR_DIR = Path(os.environ.get("GOLDENTHREAD_VAR_DIR", Path.cwd() / "var")).resolve()


def get(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def csv(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in get(name, default).split(",") if part.strip()]


def generated_secret_key() -> str:
    """A key kept in var/secret_key, made on first use: for the demo and development only."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()
