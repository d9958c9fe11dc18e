"""The browser tests' server: the local (demo) settings, with the schema made straight from
the models rather than by replaying every migration, which would take most of the suite's
time for a database thrown away at the end. The migrations are tested by the main suite."""

from goldenthread.config.django.local import *  # noqa: F403


class _NoMigrations(dict):
    def __contains__(self, app_label: object) -> bool:
        return True

    def __getitem__(self, app_label: str) -> None:
        return None


MIGRATION_MODULES = _NoMigrations()

# A published quarter keeps its reports as web pages only: making their PDFs would take most
# of the public journey's time (the member's journey tests PDF reports).
GOLDENTHREAD_PUBLISHED_FORMATS = ("html",)
