"""What the public may read of the ledger.

Every entry's place is public (its seq, kind, time, and the hashes that chain it), so
anyone can rebuild the tree a checkpoint signs. Its content, which holds the payload, is
public only when the payload is: a draw once revealed, a publication and the advancement
it makes, and a track's sign-off and deliberation once that track's results are
published (the ledger's own publication entries say which). Scores, votes, registrations
and the rest stay hashes: their salt (podium.ledger.services) keeps a hash from being
matched by guessing.
"""

from __future__ import annotations

from dataclasses import dataclass

from podium.ledger.models import EntryKind, LedgerEntry
from podium.ledger.services import recorded_at_text

ALWAYS_PUBLIC = frozenset({EntryKind.DRAW, EntryKind.PUBLICATION, EntryKind.ADVANCEMENT})
PUBLIC_ONCE_PUBLISHED = frozenset({EntryKind.SIGNOFF, EntryKind.DELIBERATION_DECIDED})
PAGE_LIMIT = 1000


@dataclass(frozen=True)
class PublicEntry:
    seq: int
    kind: str
    recorded_at: str
    prev_hash: str
    hash: str
    content: str | None  # None while the payload is not public


def published_subjects() -> set[str]:
    """The results subjects the ledger records as published."""
    publications = LedgerEntry.objects.filter(kind=EntryKind.PUBLICATION)
    return set(publications.values_list("subject", flat=True))


def public_entries(*, start: int, end: int) -> list[PublicEntry]:
    """Entries ``start`` to ``end`` (inclusive) as the public reads them.

    A sign-off is public once a publication of its subject exists anywhere in the ledger,
    also after ``end``: the embargo is lifted for good.
    """
    published = published_subjects()
    rows = (
        LedgerEntry.objects.filter(seq__gte=start, seq__lte=end)
        .order_by("seq")
        .values_list("seq", "kind", "subject", "recorded_at", "prev_hash", "hash", "content")
    )
    return [
        PublicEntry(
            seq=seq,
            kind=kind,
            recorded_at=recorded_at_text(recorded_at),
            prev_hash=prev_hash,
            hash=hash_,
            content=content if payload_is_public(kind, subject, published) else None,
        )
        for seq, kind, subject, recorded_at, prev_hash, hash_, content in rows
    ]


def payload_is_public(kind: str, subject: str, published: set[str]) -> bool:
    if kind in ALWAYS_PUBLIC:
        return True
    return kind in PUBLIC_ONCE_PUBLISHED and subject in published
