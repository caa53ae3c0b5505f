"""The demo edition, built once per test run and put back in about a second.

Tests that need committed data (a live server, a browser, several threads) change the
database for real. Rebuilding the demo for each of them took 17–45 s; instead the session
keeps a copy taken right after the build and restores it before each such test: SQLite's
online backup into the open connection, or on PostgreSQL a fresh database cloned from a
template database.
"""

from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Callable
from pathlib import Path

import psycopg
from django.core.cache import caches
from django.db import connection, connections
from psycopg import sql


def _sqlite_copy(settings_name: str) -> Path:
    return Path(f"{settings_name}.demo-snapshot")


def _pg_names() -> tuple[str, str]:
    name = connection.settings_dict["NAME"]
    return name, f"{name}_demo_snapshot"


def _pg_admin() -> psycopg.Connection:
    """A connection to the server's maintenance database, outside any test database."""
    params = connection.get_connection_params()
    params = {k: v for k, v in params.items() if k in {"host", "port", "user", "password"}}
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


def _close_everything() -> None:
    """Close this process's connections and its connection pools (PostgreSQL): a pooled
    connection returned to its pool stays open and keeps the database in use."""
    connections.close_all()
    for each in connections.all(initialized_only=True):
        if getattr(each, "pool", None) is not None:
            each.close_pool()


def _pg_replace(target: str, *, template: str) -> None:
    """Drop ``target`` (ending its connections: the live servers reconnect through their
    health checks) and create it again as a copy of ``template``."""
    _close_everything()
    with _pg_admin() as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target))
        )
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(target), sql.Identifier(template)
            )
        )


def _sqlite_write_to(path: Path) -> None:
    """The open SQLite database, copied into the file at ``path`` (online backup)."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    with target:
        connection.connection.backup(target)
    target.close()


def _sqlite_read_from(path: Path) -> None:
    """The file at ``path``, copied over the open SQLite database (online backup)."""
    connection.ensure_connection()
    source = sqlite3.connect(path)
    source.backup(connection.connection)
    source.close()


def save() -> None:
    """Keep the database as it is now (call right after the demo is built)."""
    if connection.vendor == "sqlite":
        _sqlite_write_to(_sqlite_copy(connection.settings_dict["NAME"]))
        return
    name, snapshot = _pg_names()
    _pg_replace(snapshot, template=name)


def built_once_per_run(shared_dir: Path, run_id: str, build: Callable[[], None]) -> None:
    """Build the demo in the first test process of the run that gets here; every other
    (xdist) worker waits for it and copies the result into its own database instead of
    building again: the build is deterministic, so the copy is the same rows.

    ``shared_dir`` is a folder all of the run's workers see, ``run_id`` names the run.
    The copy is a file beside the lock (SQLite) or a database (PostgreSQL), dropped by
    ``discard``; a worker that finds the copy gone builds for itself."""
    with open(shared_dir / "demo-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if _copy_in(shared_dir, run_id):
            return
        build()
        _copy_out(shared_dir, run_id)


def _shared_sqlite(shared_dir: Path) -> Path:
    return shared_dir / "demo-build.sqlite3"


def _shared_pg(run_id: str) -> str:
    return f"podium_demo_build_{run_id}"[:63]


def _copy_out(shared_dir: Path, run_id: str) -> None:
    if connection.vendor == "sqlite":
        _sqlite_write_to(_shared_sqlite(shared_dir))
        return
    _pg_replace(_shared_pg(run_id), template=connection.settings_dict["NAME"])


def _copy_in(shared_dir: Path, run_id: str) -> bool:
    if connection.vendor == "sqlite":
        shared = _shared_sqlite(shared_dir)
        if not shared.exists():
            return False
        _sqlite_read_from(shared)
        return True
    with _pg_admin() as admin:
        found = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [_shared_pg(run_id)]
        ).fetchone()
    if found is None:
        return False
    _pg_replace(connection.settings_dict["NAME"], template=_shared_pg(run_id))
    return True


def restore() -> None:
    """Put the saved database back: every row, sequence and trigger as it was."""
    caches["default"].clear()
    if connection.vendor == "sqlite":
        _sqlite_read_from(_sqlite_copy(connection.settings_dict["NAME"]))
        return
    name, snapshot = _pg_names()
    _pg_replace(name, template=snapshot)


def discard(run_id: str) -> None:
    if connection.vendor == "sqlite":
        _sqlite_copy(connection.settings_dict["NAME"]).unlink(missing_ok=True)
        return  # the run's shared copy goes with pytest's temporary folder
    _name, snapshot = _pg_names()
    with _pg_admin() as admin:
        for each in (snapshot, _shared_pg(run_id)):
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(each)))


def disconnect_servers() -> None:
    """End the connections the test servers' threads still hold (PostgreSQL keeps a
    connection for a minute), so the test database can be dropped."""
    _close_everything()
    if connection.vendor != "postgresql":
        return
    with _pg_admin() as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [connection.settings_dict["NAME"]],
        )
