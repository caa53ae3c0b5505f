"""Signed checkpoints of the ledger and the proofs that let a third party check them.

A checkpoint is signed at every sign-off and publication (inside that transaction, so it
covers the entry that records it) and on demand (``podium ledger checkpoint``). The tree,
the note format and the proofs are podium.rules.transparency's; this module reads the
entries, signs with the installation's key (podium.ledger.signing) and keeps the notes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import transaction

from podium import clock
from podium.errors import PodiumError
from podium.ledger.models import Checkpoint, CheckpointReason, LedgerEntry
from podium.ledger.services import lock_ledger
from podium.ledger.signing import origin, signing_key
from podium.rules import transparency

EMPTY_LEDGER = "ledger: there are no entries to sign yet"
ENTRY_OUT_OF_RANGE = "entry: {seq} is not among the first {size} entries"
SIZE_OUT_OF_RANGE = "size: the ledger holds {count} entries, not {size}"
SIZES_OUT_OF_ORDER = "from: must be at least 1 and at most to ({new}), got {old}"


def ledger_size() -> int:
    head = LedgerEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    return head or 0


def ledger_leaves(size: int, *, after: int = 0) -> list[bytes]:
    """The tree's leaves for entries ``after`` + 1 to ``size``, by seq."""
    hashes = (
        LedgerEntry.objects.filter(seq__gt=after, seq__lte=size)
        .order_by("seq")
        .values_list("hash", flat=True)
    )
    return [transparency.leaf_hash(hash_) for hash_ in hashes.iterator(chunk_size=5000)]


class _ServedLeaves:
    """The leaves proofs are computed from, kept in the process: the ledger only grows, so
    what was read once is a prefix of every later read. Verification never uses this: it
    reads the database afresh (podium.ledger.checkpoints.coverage)."""

    def __init__(self) -> None:
        self.leaves: list[bytes] = []
        self.subtrees = transparency.Subtrees(self.leaves)
        self.lock = threading.Lock()

    def inclusion(self, index: int, size: int) -> list[bytes]:
        with self.lock:
            self._read(size)
            return transparency.inclusion_proof(self.leaves, index, size, subtrees=self.subtrees)

    def consistency(self, old: int, new: int) -> list[bytes]:
        with self.lock:
            self._read(new)
            return transparency.consistency_proof(self.leaves, old, new, subtrees=self.subtrees)

    def root(self, size: int) -> bytes:
        with self.lock:
            self._read(size)
            return self.subtrees.root(0, size)

    def _read(self, size: int) -> None:
        if len(self.leaves) < size:
            self.leaves.extend(ledger_leaves(size, after=len(self.leaves)))


served_leaves = _ServedLeaves()


def checkpoint_sign(*, reason: CheckpointReason | str) -> Checkpoint:
    """Sign the ledger as it stands and keep the note; the same head signed twice gives
    the checkpoint it already has. Inside a caller's transaction, it covers what that
    transaction appended."""
    with transaction.atomic():
        lock_ledger()
        size = ledger_size()
        if size == 0:
            raise PodiumError(EMPTY_LEDGER)
        kept = Checkpoint.objects.filter(size=size).first()
        if kept is not None:
            return kept
        statement = transparency.Checkpoint(
            origin=origin(), size=size, root=transparency.tree_root(ledger_leaves(size))
        )
        note = transparency.sign_checkpoint(statement, name=origin(), private_key=signing_key())
        return Checkpoint.objects.create(
            size=size,
            root_hash=statement.root_hex,
            note=note,
            reason=CheckpointReason(reason),
            signed_at=clock.now(),
        )


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size").first()


@dataclass(frozen=True)
class InclusionProof:
    seq: int
    size: int
    root_hash: str
    proof: list[str]


def inclusion_proof(*, seq: int, size: int) -> InclusionProof:
    """Entry ``seq`` is in the tree of the first ``size`` entries."""
    _check_size(size)
    if not 1 <= seq <= size:
        raise PodiumError(ENTRY_OUT_OF_RANGE.format(seq=seq, size=size), field="entry")
    proof = served_leaves.inclusion(seq - 1, size)
    return InclusionProof(
        seq=seq,
        size=size,
        root_hash=served_leaves.root(size).hex(),
        proof=[node.hex() for node in proof],
    )


@dataclass(frozen=True)
class ConsistencyProof:
    old: int
    new: int
    old_root_hash: str
    new_root_hash: str
    proof: list[str]


def consistency_proof(*, old: int, new: int) -> ConsistencyProof:
    """The ledger of ``new`` entries extends that of ``old`` entries."""
    _check_size(new)
    if not 1 <= old <= new:
        raise PodiumError(SIZES_OUT_OF_ORDER.format(old=old, new=new), field="from")
    proof = served_leaves.consistency(old, new)
    return ConsistencyProof(
        old=old,
        new=new,
        old_root_hash=served_leaves.root(old).hex(),
        new_root_hash=served_leaves.root(new).hex(),
        proof=[node.hex() for node in proof],
    )


def _check_size(size: int) -> None:
    count = ledger_size()
    if not 1 <= size <= count:
        raise PodiumError(SIZE_OUT_OF_RANGE.format(count=count, size=size), field="size")


@dataclass(frozen=True)
class Coverage:
    """How the stored ledger stands against a head anchored outside it."""

    ok: bool
    reason: str
    covered: int  # entries the head speaks for
    beyond: int  # entries after it: only a later checkpoint covers them


TRUNCATED = "the ledger holds {count} entries; the head covers {size}: entries were removed"
ROOT_DIFFERS = (
    "the first {size} entries do not have the head's root hash: "
    "an entry was changed, removed, inserted or re-chained"
)


def coverage(*, size: int, root_hash: str) -> Coverage:
    """Check the first ``size`` entries against a root hash (hex) from a checkpoint or a
    printed head; the printed heads before checkpoints existed are an entry's chain hash,
    which the chain check (ledger_verify) ties to every entry before it."""
    count = ledger_size()
    if count < size:
        return Coverage(False, TRUNCATED.format(count=count, size=size), size, 0)
    root = transparency.tree_root(ledger_leaves(size)).hex()
    chain_head = LedgerEntry.objects.filter(seq=size).values_list("hash", flat=True).first()
    if root_hash not in (root, chain_head):
        return Coverage(False, ROOT_DIFFERS.format(size=size), size, 0)
    return Coverage(True, "", size, count - size)
