"""The demo edition, built once per test run and put back in about a second.

Tests that need committed data (a live server, a browser, several threads) change the
database for real. Rebuilding the demo for each of them took 17–45 s; instead the session
keeps a copy taken right after the build and restores it before each such test: SQLite's
online backup into the open connection, or on PostgreSQL a fresh database cloned from a
template database.
"""

from __future__ import annotations

import sqlite3
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


def save() -> None:
    """Keep the database as it is now (call right after the demo is built)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(_sqlite_copy(connection.settings_dict["NAME"]))
        with target:
            connection.connection.backup(target)
        target.close()
        return
    name, snapshot = _pg_names()
    _pg_replace(snapshot, template=name)


def restore() -> None:
    """Put the saved database back: every row, sequence and trigger as it was."""
    caches["default"].clear()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(_sqlite_copy(connection.settings_dict["NAME"]))
        source.backup(connection.connection)
        source.close()
        return
    name, snapshot = _pg_names()
    _pg_replace(name, template=snapshot)


def discard() -> None:
    if connection.vendor == "sqlite":
        _sqlite_copy(connection.settings_dict["NAME"]).unlink(missing_ok=True)
        return
    _name, snapshot = _pg_names()
    with _pg_admin() as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(snapshot)))


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
