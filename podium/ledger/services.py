"""Append to the ledger, read its head and entries, verify its chain.

``ledger_append`` is the only writer. Call it inside the transaction that makes the change
it records, so the entry commits or rolls back together with that change.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from podium import clock
from podium.errors import PodiumError
from podium.ledger.models import EntryKind, LedgerEntry
from podium.rules.ledger_chain import (
    GENESIS,
    ChainEntry,
    ChainReport,
    canonical_json,
    entry_hash,
    verify_chain,
)

UNKNOWN_KIND = "kind: {kind!r} is not a ledger entry kind"
PAYLOAD_NOT_DICT = "payload: must be a dict, got {type}"
REFERS_TO_UNKNOWN = "refers_to: entry {refers_to} does not precede entry {seq}"
TOO_LONG = "{field}: at most {limit} characters, got {length}"

# pg_advisory_xact_lock key serialising appenders ("podiumLD"); held until commit/rollback.
LEDGER_LOCK_KEY = 0x706F6469756D4C44
VERIFY_CHUNK = 2000
# Columns kept beside the content, checked against it by ledger_verify.
CHECKED_COLUMNS = ("kind", "actor", "subject", "refers_to", "recorded_at")


def recorded_at_text(moment: datetime) -> str:
    """How an entry's recorded_at is written in its content: ISO 8601, UTC, microseconds."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def ledger_append(
    *,
    kind: EntryKind | str,
    actor: str,
    subject: str,
    payload: dict[str, Any],
    refers_to: int | None = None,
) -> LedgerEntry:
    """Append one entry after the current head and return it.

    Runs inside the caller's transaction when there is one. Appenders are serialised: on
    PostgreSQL by a transaction-scoped advisory lock, on SQLite by its IMMEDIATE
    transactions (one writer at a time); the unique seq and hash columns back both up.
    ``payload`` must be canonical-JSON-able (see ``podium.rules.ledger_chain``).
    ``recorded_at`` is ``podium.clock.now()``: the real time, except where a replay such as
    the demo edition has set the clock.
    """
    if kind not in EntryKind.values:
        raise PodiumError(UNKNOWN_KIND.format(kind=kind), field="kind")
    if not isinstance(payload, dict):
        raise PodiumError(PAYLOAD_NOT_DICT.format(type=type(payload).__name__), field="payload")
    for field, value in (("actor", actor), ("subject", subject)):
        limit = LedgerEntry._meta.get_field(field).max_length
        if len(value) > limit:
            raise PodiumError(
                TOO_LONG.format(field=field, limit=limit, length=len(value)), field=field
            )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LEDGER_LOCK_KEY])
        head = LedgerEntry.objects.order_by("-seq").values_list("seq", "hash").first()
        previous_seq, prev_hash = head or (0, GENESIS)
        seq = previous_seq + 1
        if refers_to is not None and not 1 <= refers_to < seq:
            raise PodiumError(
                REFERS_TO_UNKNOWN.format(refers_to=refers_to, seq=seq), field="refers_to"
            )
        recorded_at = clock.now()
        content = canonical_json(
            {
                "seq": seq,
                "kind": str(EntryKind(kind).value),
                "recorded_at": recorded_at_text(recorded_at),
                "actor": actor,
                "subject": subject,
                "refers_to": refers_to,
                "payload": payload,
            }
        )
        return LedgerEntry.objects.create(
            seq=seq,
            recorded_at=recorded_at,
            kind=kind,
            actor=actor,
            subject=subject,
            refers_to=refers_to,
            content=content,
            prev_hash=prev_hash,
            hash=entry_hash(prev_hash, content),
        )


def ledger_head() -> LedgerEntry | None:
    """The last entry, or None when the ledger is empty."""
    return LedgerEntry.objects.order_by("-seq").first()


def ledger_entries(subject_prefix: str | None = None) -> QuerySet[LedgerEntry]:
    """Entries by seq, optionally only those whose subject starts with ``subject_prefix``."""
    entries = LedgerEntry.objects.order_by("seq")
    if subject_prefix:
        entries = entries.filter(subject__startswith=subject_prefix)
    return entries


def ledger_verify() -> ChainReport:
    """Verify the whole chain, streaming rows by seq; see ``verify_chain`` for the checks."""
    return verify_chain(_chain_entries())


def _chain_entries() -> Iterator[ChainEntry]:
    rows = (
        LedgerEntry.objects.order_by("seq")
        .values_list("seq", "prev_hash", "content", "hash", *CHECKED_COLUMNS)
        .iterator(chunk_size=VERIFY_CHUNK)
    )
    for seq, prev_hash, content, hash_, kind, actor, subject, refers_to, recorded_at in rows:
        yield ChainEntry(
            seq=seq,
            prev_hash=prev_hash,
            content=content,
            hash=hash_,
            columns=(
                ("kind", kind),
                ("actor", actor),
                ("subject", subject),
                ("refers_to", refers_to),
                ("recorded_at", recorded_at_text(recorded_at)),
            ),
        )
