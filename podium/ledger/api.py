"""The public ledger: signed checkpoints, the entries as the public reads them, and the
inclusion and consistency proofs a third party checks against a checkpoint."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from podium.api_types import Id, answers
from podium.ledger.checkpoints import consistency_proof, inclusion_proof, ledger_size
from podium.ledger.models import Checkpoint
from podium.ledger.selectors import PAGE_LIMIT, public_entries
from podium.ledger.signing import installation_verifier_key, origin

router = Router(tags=["ledger"])

# A proof for a given size never changes: the ledger only grows.
IMMUTABLE = "public, max-age=31536000, immutable"
# An entry's content appears when its results are published.
SHORT = "public, max-age=60"


class CheckpointOut(Schema):
    size: int
    root_hash: str
    reason: str
    signed_at: str
    note: str


class CheckpointsOut(Schema):
    origin: str
    verifier_key: str
    size: int
    checkpoints: list[CheckpointOut]


class EntryOut(Schema):
    seq: int
    kind: str
    recorded_at: str
    prev_hash: str
    hash: str
    content: str | None = Field(description="null while the entry's payload is embargoed")


class EntriesOut(Schema):
    entries: list[EntryOut]
    next: str | None


class InclusionOut(Schema):
    size: int
    root_hash: str
    entry: EntryOut
    proof: list[str]


class ConsistencyOut(Schema):
    from_: int = Field(alias="from")
    to: int
    old_root_hash: str
    new_root_hash: str
    proof: list[str]


@router.get(
    "checkpoints",
    response=CheckpointsOut,
    url_name="ledger_checkpoints",
    summary="Signed checkpoints, newest first",
)
def checkpoints(request: HttpRequest):
    return CheckpointsOut(
        origin=origin(),
        verifier_key=str(installation_verifier_key()),
        size=ledger_size(),
        checkpoints=[
            CheckpointOut(
                size=c.size,
                root_hash=c.root_hash,
                reason=c.reason,
                signed_at=c.signed_at.isoformat(),
                note=c.note,
            )
            for c in Checkpoint.objects.order_by("-size")
        ],
    )


@router.get(
    "entries",
    response=answers(EntriesOut, 400),
    url_name="ledger_entries",
    summary="Entries by seq, a page at a time; embargoed contents as null",
)
def entries(request: HttpRequest, response: HttpResponse, start: Id = 1):
    size = ledger_size()
    end = min(start + PAGE_LIMIT - 1, size)
    rows = public_entries(start=start, end=end) if start <= end else []
    following = f"{reverse('api:ledger_entries')}?start={end + 1}" if end < size else None
    response["Cache-Control"] = SHORT
    return EntriesOut(entries=[EntryOut(**asdict(row)) for row in rows], next=following)


@router.get(
    "proof/inclusion",
    response=answers(InclusionOut, 400),
    url_name="ledger_inclusion",
    summary="Entry N is among the first M entries (RFC 9162 audit path)",
)
def inclusion(
    request: HttpRequest,
    response: HttpResponse,
    entry: Query[Id],
    size: Query[Id],
):
    proof = inclusion_proof(seq=entry, size=size)
    (shown,) = public_entries(start=entry, end=entry)
    # The proof never changes; the entry's content appears once its results are published.
    response["Cache-Control"] = IMMUTABLE if shown.content is not None else SHORT
    return InclusionOut(
        size=proof.size,
        root_hash=proof.root_hash,
        entry=EntryOut(**asdict(shown)),
        proof=proof.proof,
    )


@router.get(
    "proof/consistency",
    response=answers(ConsistencyOut, 400),
    url_name="ledger_consistency",
    summary="The first B entries extend the first A (RFC 9162 consistency proof)",
    by_alias=True,
)
def consistency(
    request: HttpRequest,
    response: HttpResponse,
    old: Annotated[Id, Query(alias="from")],
    to: Query[Id],
):
    proof = consistency_proof(old=old, new=to)
    response["Cache-Control"] = IMMUTABLE
    return ConsistencyOut(
        **{"from": proof.old},
        to=proof.new,
        old_root_hash=proof.old_root_hash,
        new_root_hash=proof.new_root_hash,
        proof=proof.proof,
    )
