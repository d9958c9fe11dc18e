"""The data stamp of each indicator, changed by the database itself whenever one of its
returns, targets or change points is written, by whatever path (forms, the API, bulk
imports, raw SQL). Dashboards keep judged indicators keyed by the stamp, so they never show
a judgement older than the data (goldenthread/indicators/judgement_cache.py).

SQLite: a row trigger gives the indicator a new random stamp. PostgreSQL: statement
triggers with transition tables stamp each indicator a statement touched once, from a
sequence, which never goes back even when a transaction rolls back.

Made by migration 0005; `ensure` makes them too where a database was made straight from
the models (the browser tests' server), which runs no migration.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

TABLE = "indicators_datastamp"
SOURCES = ["indicators_indicatorreturn", "indicators_target", "indicators_changepoint"]

SQLITE_ROW = {
    "insert": ["NEW"],
    "update": ["OLD", "NEW"],
    "delete": ["OLD"],
}

# Each PostgreSQL statement trigger reads the rows it changed from its transition tables;
# indicators are stamped in id order so that two writers lock stamps in the same order. A
# stamp changes once per transaction (`written_in`): rewriting the same row in every batch
# of a long import left thousands of dead versions for each later batch to step over,
# which doubled the database's work for a million values. Judgements made inside a
# transaction that has written are not kept (judgement_cache.stamps_for), so no judgement of
# the transaction's half-way data can be found under its stamp.
POSTGRES_FUNCTION = """
CREATE FUNCTION indicators_stamp_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicators_datastamp (indicator_id, stamp, written_in)
    SELECT touched.indicator_id, nextval('indicators_datastamp_seq'), txid_current()
    FROM (SELECT DISTINCT indicator_id FROM ({rows}) AS changed ORDER BY indicator_id) AS touched
    ON CONFLICT (indicator_id) DO UPDATE
        SET stamp = EXCLUDED.stamp, written_in = EXCLUDED.written_in
        WHERE indicators_datastamp.written_in IS DISTINCT FROM EXCLUDED.written_in;
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


def install(connection: Any) -> None:
    vendor = connection.vendor
    statements = [
        f"CREATE TABLE {TABLE} "
        "(indicator_id bigint PRIMARY KEY, stamp bigint NOT NULL, written_in bigint)"
    ]
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
        raise ImproperlyConfigured(f"Golden Thread runs on SQLite or PostgreSQL, not {vendor}.")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection: Any) -> None:
    vendor = connection.vendor
    statements = [
        f"DROP TRIGGER IF EXISTS {source}_stamp_{event}"
        + (f" ON {source}" if vendor == "postgresql" else "")
        for source in SOURCES
        for event in SQLITE_ROW
    ]
    if vendor == "postgresql":
        statements += [
            f"DROP FUNCTION IF EXISTS indicators_stamp_{event}()" for event in POSTGRES_ROWS
        ]
        statements.append("DROP SEQUENCE IF EXISTS indicators_datastamp_seq")
    statements.append(f"DROP TABLE IF EXISTS {TABLE}")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def ensure(using: str = "default", **_signal: Any) -> None:
    """Makes the table and its triggers if the database has not got them (a post_migrate
    receiver)."""
    from django.db import connections

    connection = connections[using]
    if TABLE not in connection.introspection.table_names():
        install(connection)
