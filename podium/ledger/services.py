"""Append to the ledger, read its head and entries, verify its chain.

``ledger_append`` (one entry) and ``ledger_append_many`` (a bulk import) are the only
writers. Call them inside the transaction that makes the change they record, so the entry
commits or rolls back together with that change.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import CharField, QuerySet
from django.utils.crypto import salted_hmac

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
SALT_PURPOSE = "podium.ledger.entry-salt"
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
    return ledger_append_many(
        [LedgerDraft(kind=kind, actor=actor, subject=subject, payload=payload, refers_to=refers_to)]
    )[0]


@dataclass(frozen=True)
class LedgerDraft:
    """One entry to append: what ``ledger_append`` takes, as a value."""

    kind: EntryKind | str
    actor: str
    subject: str
    payload: dict[str, Any]
    refers_to: int | None = None


def _max_length(name: str) -> int:
    column = LedgerEntry._meta.get_field(name)
    # actor and subject are CharFields, each declared with its max_length.
    assert isinstance(column, CharField)
    assert column.max_length is not None
    return column.max_length


def _check_draft(draft: LedgerDraft) -> None:
    if draft.kind not in EntryKind.values:
        raise PodiumError(UNKNOWN_KIND.format(kind=draft.kind), field="kind")
    if not isinstance(draft.payload, dict):
        raise PodiumError(
            PAYLOAD_NOT_DICT.format(type=type(draft.payload).__name__), field="payload"
        )
    for field, value in (("actor", draft.actor), ("subject", draft.subject)):
        limit = _max_length(field)
        if len(value) > limit:
            raise PodiumError(
                TOO_LONG.format(field=field, limit=limit, length=len(value)), field=field
            )


def _salt(seq: int, prev_hash: str) -> str:
    """Unguessable without the installation's secret key, so the hash of an embargoed
    entry, which the public ledger shows, cannot be matched by trying every likely set of
    marks; derived rather than random, so a replay (the demo) writes the same ledger."""
    return salted_hmac(SALT_PURPOSE, f"{seq}:{prev_hash}", algorithm="sha256").hexdigest()[:32]


def lock_ledger() -> None:
    """Hold the appenders' lock until the caller's transaction ends (PostgreSQL; SQLite
    has one writer at a time anyway), so the head read next is still the head at commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LEDGER_LOCK_KEY])


def ledger_append_many(drafts: Sequence[LedgerDraft]) -> list[LedgerEntry]:
    """Append the drafts in order after the current head, under one lock and one
    transaction: all of them or none (a bulk import ledgers every row it writes)."""
    for draft in drafts:
        _check_draft(draft)
    # No savepoint of its own inside the caller's transaction: a failure here fails the
    # caller's change with it, and the appenders' turn is two statements shorter.
    with transaction.atomic(savepoint=False):
        lock_ledger()
        head = LedgerEntry.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = head or (0, GENESIS)
        recorded_at = clock.now()
        entries = []
        for draft in drafts:
            seq += 1
            if draft.refers_to is not None and not 1 <= draft.refers_to < seq:
                raise PodiumError(
                    REFERS_TO_UNKNOWN.format(refers_to=draft.refers_to, seq=seq),
                    field="refers_to",
                )
            content = canonical_json(
                {
                    "seq": seq,
                    "kind": str(EntryKind(draft.kind).value),
                    "recorded_at": recorded_at_text(recorded_at),
                    "actor": draft.actor,
                    "subject": draft.subject,
                    "refers_to": draft.refers_to,
                    "payload": draft.payload,
                    "salt": _salt(seq, prev_hash),
                }
            )
            entry_hash_ = entry_hash(prev_hash, content)
            entries.append(
                LedgerEntry(
                    seq=seq,
                    recorded_at=recorded_at,
                    kind=draft.kind,
                    actor=draft.actor,
                    subject=draft.subject,
                    refers_to=draft.refers_to,
                    content=content,
                    prev_hash=prev_hash,
                    hash=entry_hash_,
                )
            )
            prev_hash = entry_hash_
        return LedgerEntry.objects.bulk_create(entries, batch_size=1000)


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
