"""Database triggers that make the ledger table itself refuse UPDATE, DELETE and TRUNCATE.

The model refuses changes too, but only for code that goes through it; these hold for
raw SQL, other clients and other programs. ``flush`` (podium.ledger.management.commands)
is the one sanctioned way past them: it drops them, flushes, and installs them again.

Both backends answer a refused change with ``django.db.IntegrityError`` whose message
contains ``APPEND_ONLY``: SQLite's ``RAISE(ABORT, ...)`` is a constraint error, and the
PostgreSQL function raises SQLSTATE 23000 (integrity_constraint_violation).
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "ledger_ledgerentry"
APPEND_ONLY = "ledger entries are append-only"
UNSUPPORTED_VENDOR = (
    "the ledger's append-only triggers exist for SQLite and PostgreSQL only, not {vendor!r}"
)

SQLITE_TRIGGERS = ("ledger_ledgerentry_no_update", "ledger_ledgerentry_no_delete")
SQLITE_INSTALL = tuple(
    f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {action} ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END;"
    for name, action in zip(SQLITE_TRIGGERS, ("UPDATE", "DELETE"), strict=True)
)
SQLITE_DROP = tuple(f"DROP TRIGGER IF EXISTS {name};" for name in SQLITE_TRIGGERS)

PG_FUNCTION = "ledger_refuse_change"
PG_TRIGGERS = ("ledger_ledgerentry_append_only", "ledger_ledgerentry_no_truncate")
PG_INSTALL = (
    f"""
    CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{APPEND_ONLY} (% refused)', TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$;
    """,
    f"CREATE OR REPLACE TRIGGER {PG_TRIGGERS[0]} BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}();",
    f"CREATE OR REPLACE TRIGGER {PG_TRIGGERS[1]} BEFORE TRUNCATE ON {TABLE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}();",
)
PG_DROP = (
    *(f"DROP TRIGGER IF EXISTS {name} ON {TABLE};" for name in PG_TRIGGERS),
    f"DROP FUNCTION IF EXISTS {PG_FUNCTION}();",
)


def _statements(connection: BaseDatabaseWrapper) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if connection.vendor == "sqlite":
        return SQLITE_INSTALL, SQLITE_DROP
    if connection.vendor == "postgresql":
        return PG_INSTALL, PG_DROP
    raise NotImplementedError(UNSUPPORTED_VENDOR.format(vendor=connection.vendor))


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers (idempotent). Pass a connection or ``schema_editor.connection``."""
    install, _ = _statements(connection)
    with connection.cursor() as cursor:
        for sql in install:
            cursor.execute(sql)


def drop_triggers(connection: BaseDatabaseWrapper) -> None:
    """Remove the triggers, if present."""
    _, drop = _statements(connection)
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)


def installed_triggers(connection: BaseDatabaseWrapper) -> frozenset[str]:
    """The names of the append-only triggers present on the ledger table."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
            expected = SQLITE_TRIGGERS
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger "
                "WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal",
                [TABLE],
            )
            expected = PG_TRIGGERS
        else:
            return frozenset()
        return frozenset(name for (name,) in cursor.fetchall()) & frozenset(expected)


def _install(apps, schema_editor) -> None:
    install_triggers(schema_editor.connection)


def _drop(apps, schema_editor) -> None:
    drop_triggers(schema_editor.connection)


def with_triggers_reinstalled(*operations) -> list:
    """A migration's operations on the ledger table, with the append-only triggers dropped
    before and installed after: SQLite rebuilds the table to change a CHECK and the
    rebuild loses them (on PostgreSQL the same steps are harmless)."""
    from django.db import migrations

    return [
        migrations.RunPython(_drop, _install, elidable=False),
        *operations,
        migrations.RunPython(_install, _drop, elidable=False),
    ]
