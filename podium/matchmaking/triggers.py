"""Database triggers that refuse a team or partner booked into two overlapping meetings.

The unique constraints on (team, starts_at) and (partner, starts_at) catch two meetings
that start together; these triggers catch any overlap, for raw SQL and other clients too.
Both backends answer with ``django.db.IntegrityError`` whose message contains
``DOUBLE_BOOKED`` (SQLite ``RAISE(ABORT, …)``; PostgreSQL SQLSTATE 23000).
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "matchmaking_meeting"
DOUBLE_BOOKED = "meeting double booked: the team or the partner already meets at that time"

_CLASH = (
    f"SELECT 1 FROM {TABLE} m WHERE m.id {{differs}} NEW.id AND m.status = 'accepted' "
    "AND (m.team_id = NEW.team_id OR m.partner_id = NEW.partner_id) "
    "AND m.starts_at < NEW.ends_at AND NEW.starts_at < m.ends_at"
)
SQLITE_TRIGGERS = ("matchmaking_meeting_overlap_insert", "matchmaking_meeting_overlap_update")
SQLITE_INSTALL = tuple(
    f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {action} ON {TABLE} "
    f"WHEN NEW.status = 'accepted' AND EXISTS ({_CLASH.format(differs='IS NOT')}) "
    f"BEGIN SELECT RAISE(ABORT, '{DOUBLE_BOOKED}'); END;"
    for name, action in zip(SQLITE_TRIGGERS, ("INSERT", "UPDATE"), strict=True)
)
SQLITE_DROP = tuple(f"DROP TRIGGER IF EXISTS {name};" for name in SQLITE_TRIGGERS)

PG_FUNCTION = "matchmaking_refuse_overlap"
PG_TRIGGER = "matchmaking_meeting_no_overlap"
PG_INSTALL = (
    f"""
    CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.status = 'accepted' AND EXISTS ({_CLASH.format(differs="IS DISTINCT FROM")}) THEN
            RAISE EXCEPTION '{DOUBLE_BOOKED}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$;
    """,
    f"CREATE OR REPLACE TRIGGER {PG_TRIGGER} BEFORE INSERT OR UPDATE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}();",
)
PG_DROP = (
    f"DROP TRIGGER IF EXISTS {PG_TRIGGER} ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {PG_FUNCTION}();",
)


def _statements(connection: BaseDatabaseWrapper) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if connection.vendor == "sqlite":
        return SQLITE_INSTALL, SQLITE_DROP
    if connection.vendor == "postgresql":
        return PG_INSTALL, PG_DROP
    return (), ()  # elsewhere the service's check and the unique constraints stand alone


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    install, _ = _statements(connection)
    with connection.cursor() as cursor:
        for sql in install:
            cursor.execute(sql)


def drop_triggers(connection: BaseDatabaseWrapper) -> None:
    _, drop = _statements(connection)
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)
