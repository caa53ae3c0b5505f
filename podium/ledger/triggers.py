"""Database triggers that make the ledger table itself refuse UPDATE, DELETE and TRUNCATE,
and an INSERT that lands on an existing entry's id or seq.

The last one is for SQLite's ``INSERT OR REPLACE`` (and ``REPLACE``): it deletes the
existing row and inserts the new one without firing a DELETE or UPDATE trigger, so the
other triggers alone let it rewrite an entry in place. A BEFORE INSERT trigger sees the
new row before the conflict is resolved and refuses it; PostgreSQL has the same trigger,
so an upsert is refused there by name too, not only by the unique index.

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

# An INSERT whose id or seq is already taken: a replacement, never an append.
# (Two lookups, each by its own unique index, rather than one OR a planner might scan.)
_TAKEN = (
    f"(EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id)"
    f" OR EXISTS (SELECT 1 FROM {TABLE} WHERE seq = NEW.seq))"
)

SQLITE_TRIGGERS = (
    "ledger_ledgerentry_no_update",
    "ledger_ledgerentry_no_delete",
    "ledger_ledgerentry_no_replace",
)
SQLITE_INSTALL = tuple(
    f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {action} ON {TABLE} {when}"
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END;"
    for name, action, when in zip(
        SQLITE_TRIGGERS, ("UPDATE", "DELETE", "INSERT"), ("", "", f"WHEN {_TAKEN} "), strict=True
    )
)
SQLITE_DROP = tuple(f"DROP TRIGGER IF EXISTS {name};" for name in SQLITE_TRIGGERS)

PG_FUNCTION = "ledger_refuse_change"
PG_REPLACE_FUNCTION = "ledger_refuse_replacement"
PG_TRIGGERS = (
    "ledger_ledgerentry_append_only",
    "ledger_ledgerentry_no_truncate",
    "ledger_ledgerentry_no_replace",
)
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
    f"""
    CREATE OR REPLACE FUNCTION {PG_REPLACE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF {_TAKEN} THEN
            RAISE EXCEPTION '{APPEND_ONLY} (% refused)', 'REPLACE'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$;
    """,
    f"CREATE OR REPLACE TRIGGER {PG_TRIGGERS[2]} BEFORE INSERT ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {PG_REPLACE_FUNCTION}();",
)
PG_DROP = (
    *(f"DROP TRIGGER IF EXISTS {name} ON {TABLE};" for name in PG_TRIGGERS),
    f"DROP FUNCTION IF EXISTS {PG_FUNCTION}();",
    f"DROP FUNCTION IF EXISTS {PG_REPLACE_FUNCTION}();",
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
