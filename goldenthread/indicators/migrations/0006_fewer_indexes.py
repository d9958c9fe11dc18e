"""Fewer indexes on returns, targets and their history: each is upkeep for every row a bulk
load writes (a million values: docs/performance.md, "Bulk load of values").

Dropped: the single-column indexes that another index leads with (a return's indicator and
period, a target's indicator, the target's second (indicator, period, version) index, which
the unique one serves read backwards), the status indexes of returns (and the pattern index
PostgreSQL adds for text), and the history tables' copies of the foreign keys and status,
which nothing reads by (the history is read by object). Added: partial indexes for the
returns awaiting approval and for the people who submitted or approved a return, holding
only the rows that have one.

The fields change in Django's state only, with the indexes dropped by name: altering them
on SQLite would remake each table, and the remade table would lose its data stamp triggers.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (table, index, columns, PostgreSQL operator class or ""), as made by 0001.
DROPPED = [
    (
        "indicators_indicatorreturn",
        "indicators_indicatorreturn_indicator_id_d7874ad6",
        "indicator_id",
        "",
    ),
    (
        "indicators_indicatorreturn",
        "indicators_indicatorreturn_period_id_517beca4",
        "period_id",
        "",
    ),
    ("indicators_indicatorreturn", "indicators_indicatorreturn_status_c172aa60", "status", ""),
    (
        "indicators_indicatorreturn",
        "indicators_indicatorreturn_status_c172aa60_like",
        "status",
        "varchar_pattern_ops",
    ),
    (
        "indicators_indicatorreturn",
        "indicators_indicatorreturn_submitted_by_id_6a5ccd67",
        "submitted_by_id",
        "",
    ),
    (
        "indicators_indicatorreturn",
        "indicators_indicatorreturn_approved_by_id_7bcc4456",
        "approved_by_id",
        "",
    ),
    (
        "indicators_historicalindicatorreturn",
        "indicators_historicalindicatorreturn_indicator_id_78db357c",
        "indicator_id",
        "",
    ),
    (
        "indicators_historicalindicatorreturn",
        "indicators_historicalindicatorreturn_period_id_153fad04",
        "period_id",
        "",
    ),
    (
        "indicators_historicalindicatorreturn",
        "indicators_historicalindicatorreturn_status_d4e5261d",
        "status",
        "",
    ),
    (
        "indicators_historicalindicatorreturn",
        "indicators_historicalindicatorreturn_status_d4e5261d_like",
        "status",
        "varchar_pattern_ops",
    ),
    (
        "indicators_historicalindicatorreturn",
        "indicators_historicalindicatorreturn_submitted_by_id_f831c716",
        "submitted_by_id",
        "",
    ),
    (
        "indicators_historicalindicatorreturn",
        "indicators_historicalindicatorreturn_approved_by_id_c7177051",
        "approved_by_id",
        "",
    ),
    ("indicators_target", "indicators_target_indicator_id_a278d38c", "indicator_id", ""),
    (
        "indicators_historicaltarget",
        "indicators_historicaltarget_indicator_id_acd51f6a",
        "indicator_id",
        "",
    ),
    (
        "indicators_historicaltarget",
        "indicators_historicaltarget_period_id_09ab0d77",
        "period_id",
        "",
    ),
    ("indicators_historicaltarget", "indicators_historicaltarget_plan_id_416a6cab", "plan_id", ""),
    (
        "indicators_historicaltarget",
        "indicators_historicaltarget_set_by_id_2aabd1ca",
        "set_by_id",
        "",
    ),
]


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    quote = schema_editor.quote_name
    for _table, name, _column, _opclass in DROPPED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")


def make(apps, schema_editor):  # type: ignore[no-untyped-def]
    quote = schema_editor.quote_name
    postgresql = schema_editor.connection.vendor == "postgresql"
    for table, name, column, opclass in DROPPED:
        if opclass and not postgresql:
            continue
        schema_editor.execute(
            f"CREATE INDEX {quote(name)} ON {quote(table)} ({quote(column)} {opclass})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_data_stamps"),
        ("strategy", "0003_history_everywhere"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="target",
            name="indicators__indicat_26a745_idx",
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicalindicatorreturn",
                    name="approved_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalindicatorreturn",
                    name="indicator",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.indicator",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalindicatorreturn",
                    name="period",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="strategy.reportingperiod",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalindicatorreturn",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("approved", "Approved"),
                            ("locked", "Published"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalindicatorreturn",
                    name="submitted_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="historicaltarget",
                    name="indicator",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.indicator",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicaltarget",
                    name="period",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="strategy.reportingperiod",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicaltarget",
                    name="plan",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="strategy.plan",
                        verbose_name="set in plan",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicaltarget",
                    name="set_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="indicatorreturn",
                    name="approved_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="indicatorreturn",
                    name="indicator",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="returns",
                        to="indicators.indicator",
                    ),
                ),
                migrations.AlterField(
                    model_name="indicatorreturn",
                    name="period",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="returns",
                        to="strategy.reportingperiod",
                    ),
                ),
                migrations.AlterField(
                    model_name="indicatorreturn",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("approved", "Approved"),
                            ("locked", "Published"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                migrations.AlterField(
                    model_name="indicatorreturn",
                    name="submitted_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="target",
                    name="indicator",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="targets",
                        to="indicators.indicator",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop, make)],
        ),
        migrations.AddIndex(
            model_name="indicatorreturn",
            index=models.Index(
                condition=models.Q(("status", "submitted")),
                fields=["status"],
                name="return_submitted",
            ),
        ),
        migrations.AddIndex(
            model_name="indicatorreturn",
            index=models.Index(
                condition=models.Q(("submitted_by__isnull", False)),
                fields=["submitted_by"],
                name="return_submitted_by",
            ),
        ),
        migrations.AddIndex(
            model_name="indicatorreturn",
            index=models.Index(
                condition=models.Q(("approved_by__isnull", False)),
                fields=["approved_by"],
                name="return_approved_by",
            ),
        ),
    ]
