"""A data stamp for each indicator, changed by the database itself whenever one of its returns,
targets or change points is written, by whatever path (forms, the API, bulk imports, raw
SQL). Dashboards keep judged indicators keyed by the stamp, so they never show a judgement
older than the data. See goldenthread/indicators/judgement_cache.py.

SQLite: a row trigger gives the indicator a new random stamp. PostgreSQL: statement
triggers with transition tables stamp each indicator a statement touched once, from a
sequence, which never goes back even when a transaction rolls back.
"""

from django.db import migrations

TABLE = "indicators_datastamp"
SOURCES = ["indicators_indicatorreturn", "indicators_target", "indicators_changepoint"]

SQLITE_ROW = {
    "insert": ["NEW"],
    "update": ["OLD", "NEW"],
    "delete": ["OLD"],
}

# Each PostgreSQL statement trigger reads the rows it changed from its transition tables;
# indicators are stamped in id order so that two writers lock stamps in the same order.
POSTGRES_FUNCTION = """
CREATE FUNCTION indicators_stamp_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicators_datastamp (indicator_id, stamp)
    SELECT touched.indicator_id, nextval('indicators_datastamp_seq')
    FROM (SELECT DISTINCT indicator_id FROM ({rows}) AS changed ORDER BY indicator_id) AS touched
    ON CONFLICT (indicator_id) DO UPDATE SET stamp = EXCLUDED.stamp;
    RETURN NULL;
END $$;
"""
POSTGRES_ROWS = {
    "insert": ("NEW TABLE AS new_rows", "SELECT indicator_id FROM new_rows"),
    "update": (
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT indicator_id FROM old_rows UNION ALL SELECT indicator_id FROM new_rows",
    ),
    "delete": ("OLD TABLE AS old_rows", "SELECT indicator_id FROM old_rows"),
}


def _sqlite(source: str) -> list[str]:
    # No conflict clause (INSERT OR REPLACE): the outer statement's own, such as an
    # importer's upsert, would override it inside the trigger.
    # Table and column names are constants of this module: nothing comes from outside.
    statements = []
    for event, sides in SQLITE_ROW.items():
        body = " ".join(
            f"UPDATE {TABLE} SET stamp = random() WHERE indicator_id = {side}.indicator_id; "  # noqa: S608  # nosec B608
            f"INSERT INTO {TABLE} (indicator_id, stamp) SELECT {side}.indicator_id, random() "
            f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} WHERE indicator_id = {side}.indicator_id);"
            for side in sides
        )
        statements.append(
            f"CREATE TRIGGER {source}_stamp_{event} AFTER {event.upper()} ON {source} "
            f"FOR EACH ROW BEGIN {body} END"
        )
    return statements


def _postgres(source: str) -> list[str]:
    return [
        f"CREATE TRIGGER {source}_stamp_{event} AFTER {event.upper()} ON {source} "
        f"REFERENCING {referencing} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION indicators_stamp_{event}()"
        for event, (referencing, _rows) in POSTGRES_ROWS.items()
    ]


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    statements = [f"CREATE TABLE {TABLE} (indicator_id bigint PRIMARY KEY, stamp bigint NOT NULL)"]
    if vendor == "postgresql":
        statements.append("CREATE SEQUENCE indicators_datastamp_seq")
        statements += [
            POSTGRES_FUNCTION.format(name=event, rows=rows)
            for event, (_referencing, rows) in POSTGRES_ROWS.items()
        ]
        for source in SOURCES:
            statements += _postgres(source)
    elif vendor == "sqlite":
        for source in SOURCES:
            statements += _sqlite(source)
    else:
        raise NotImplementedError(f"No data stamp triggers for {vendor}.")
    for statement in statements:
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for source in SOURCES:
        for event in SQLITE_ROW:
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {source}_stamp_{event}"
                + (f" ON {source}" if vendor == "postgresql" else "")
            )
    if vendor == "postgresql":
        for event in POSTGRES_ROWS:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS indicators_stamp_{event}()")
        schema_editor.execute("DROP SEQUENCE IF EXISTS indicators_datastamp_seq")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_return_evidence_history")]

    operations = [migrations.RunPython(install, uninstall)]
