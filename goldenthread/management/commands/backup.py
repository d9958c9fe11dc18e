from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from goldenthread.backup import BackupError, backup_make


class Command(BaseCommand):
    help = (
        "Writes a consistent backup of the whole database to a file: SQLite's online backup, "
        "pg_dump for PostgreSQL, or Django's dumpdata where pg_dump is not installed."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--out", required=True, type=Path, help="The backup file to write.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, out: Path, database: str, **options):  # type: ignore[no-untyped-def]
        try:
            how = backup_make(out=out, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {out} ({how}, {out.stat().st_size:,} bytes).")
