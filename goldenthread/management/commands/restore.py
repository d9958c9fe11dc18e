from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from goldenthread.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restores a backup made by `goldenthread backup` into a new, empty database."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", type=Path, help="The backup file.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file: Path, database: str, **options):  # type: ignore[no-untyped-def]
        try:
            how = backup_restore(source=file, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {file} ({how}).")
