"""The data stamps of indicators: see goldenthread/indicators/stamps.py."""

from django.db import migrations

from goldenthread.indicators import stamps


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    stamps.install(schema_editor.connection)


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    stamps.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_return_evidence_history")]

    operations = [migrations.RunPython(install, uninstall)]
