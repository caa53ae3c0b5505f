"""The ledger's hash chain: canonical content, entry hashes, and verification.

Each entry's hash is ``sha256(prev_hash + content)``, where ``prev_hash`` is the previous
entry's hash (``GENESIS`` for the first) and ``content`` is the entry's canonical JSON, which
embeds the entry's own ``seq``. Changing, removing, reordering or inserting any entry
therefore breaks the chain at or right after that entry, and ``verify_chain`` names it.

What a chain cannot prove on its own: that nothing was cut off *after* the last entry, or
that a well-formed entry was not appended at the end by someone who can write the table.
Both need the head hash anchored outside the database (printed, published, signed).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from podium.rules.transparency import entry_hash as entry_hash

GENESIS = "0" * 64

NOT_CANONICAL = "ledger content: {path} holds a {type}, which has no canonical JSON form"
FLOAT_REFUSED = "ledger content: {path} holds a float; pass a Decimal (exact) or a str"
KEY_NOT_STR = "ledger content: {path} has the key {key!r}; keys must be strings"

FIRST_NOT_ONE = "entry {seq}: the chain must start at entry 1"
SEQ_GAP = "entry {seq}: follows entry {previous}; the entries between are missing"
SEQ_REPEATED = "entry {seq}: follows entry {previous}; seq must increase by exactly 1"
PREV_HASH_MISMATCH = "entry {seq}: prev_hash does not match the previous entry's hash"
HASH_MISMATCH = "entry {seq}: hash does not match its content"
CONTENT_NOT_OBJECT = "entry {seq}: content is not a JSON object"
CONTENT_SEQ_MISMATCH = "entry {seq}: content says it is entry {claimed}"
COLUMN_MISMATCH = "entry {seq}: column {column!r} does not match its content"


def canonical_json(obj: object) -> str:
    """The one JSON text for ``obj``: sorted keys, no spaces, UTF-8 characters kept.

    Accepts JSON-native values (dict with str keys, list, tuple, str, int, bool, None)
    plus ``Decimal`` (written as its str, so ``Decimal("8.50")`` stays ``"8.50"``) and
    ``datetime``/``date`` (written with ``isoformat()``; pass aware datetimes). Floats are
    refused: the ledger records exact values, and a score must never pass through binary
    floating point on its way in. Anything else (sets, objects) raises TypeError.
    """
    return json.dumps(
        _plain(obj, "content"),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )


def _plain(value: object, path: str) -> object:
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, dict):
        plain = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(KEY_NOT_STR.format(path=path, key=key))
            plain[key] = _plain(item, f"{path}.{key}")
        return plain
    if isinstance(value, list | tuple):
        return [_plain(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        raise TypeError(FLOAT_REFUSED.format(path=path))
    raise TypeError(NOT_CANONICAL.format(path=path, type=type(value).__name__))


@dataclass(frozen=True, slots=True)
class ChainEntry:
    """One stored entry as verification sees it.

    ``columns`` are (name, value) pairs the store keeps beside the content (e.g. the kind
    and actor a listing shows); each value must equal ``content[name]``, so editing a
    column without touching the content is caught too.
    """

    seq: int
    prev_hash: str
    content: str
    hash: str
    columns: tuple[tuple[str, object], ...] = ()


def chain_link(*, seq: int, prev_hash: str, content: str) -> ChainEntry:
    """The entry that follows ``prev_hash`` with ``content``."""
    return ChainEntry(
        seq=seq, prev_hash=prev_hash, content=content, hash=entry_hash(prev_hash, content)
    )


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The outcome of a verification.

    ``count`` and ``head`` describe the verified run of entries: on a good chain, all of
    them and the last hash (``GENESIS`` when empty); on a broken one, the entries before
    ``first_broken_seq`` and the hash of the last of those. ``reason`` is empty when ok.
    """

    ok: bool
    count: int
    head: str
    first_broken_seq: int | None
    reason: str


def verify_chain(entries: Iterable[ChainEntry]) -> ChainReport:
    """Check entries in the order given (callers pass them by seq); stop at the first break.

    Per entry, in this order: seq is 1, then previous + 1; prev_hash is the previous
    entry's hash (``GENESIS`` first); hash is ``entry_hash(prev_hash, content)``; content
    is a JSON object whose "seq" is the entry's seq; each column equals its content value.
    """
    count, head, previous = 0, GENESIS, 0
    for entry in entries:
        reason = _first_fault(entry, previous=previous, head=head)
        if reason is not None:
            return ChainReport(
                ok=False, count=count, head=head, first_broken_seq=entry.seq, reason=reason
            )
        count, head, previous = count + 1, entry.hash, entry.seq
    return ChainReport(ok=True, count=count, head=head, first_broken_seq=None, reason="")


def _first_fault(entry: ChainEntry, *, previous: int, head: str) -> str | None:
    seq = entry.seq
    if seq != previous + 1:
        if previous == 0:
            return FIRST_NOT_ONE.format(seq=seq)
        template = SEQ_GAP if seq > previous else SEQ_REPEATED
        return template.format(seq=seq, previous=previous)
    if entry.prev_hash != head:
        return PREV_HASH_MISMATCH.format(seq=seq)
    if entry.hash != entry_hash(entry.prev_hash, entry.content):
        return HASH_MISMATCH.format(seq=seq)
    try:
        content = json.loads(entry.content)
    except ValueError:
        content = None
    if not isinstance(content, dict):
        return CONTENT_NOT_OBJECT.format(seq=seq)
    claimed = content.get("seq")
    # bool is an int: `true` must not pass for entry 1.
    if type(claimed) is not int or claimed != seq:
        return CONTENT_SEQ_MISMATCH.format(seq=seq, claimed=claimed)
    for column, value in entry.columns:
        if column not in content or content[column] != value:
            return COLUMN_MISMATCH.format(seq=seq, column=column)
    return None
