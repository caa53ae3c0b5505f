"""Submitted sheets against the ledger: the rows that decide the results must say what
their ledger entries say.

The chain and the checkpoints prove the ledger was not rewritten; they say nothing of a
``judging_scoresheet`` row edited beside it. Every submitted sheet names the entry that
holds its current marks (``ledger_seq``): that entry must be this sheet's (same stage,
track, project and judge), carry the same marks and total, and be the latest ledgered
version of the sheet; and every sheet the ledger records must still exist.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal

from podium.judging.models import ScoreSheet, SheetStatus, StageEntry
from podium.judging.services import sheet_subject_of
from podium.ledger.models import EntryKind, LedgerEntry

NOT_LEDGERED = "sheet {sheet}: submitted, but names no ledger entry"
NOT_ITS_ENTRY = "sheet {sheet}: names ledger entry {seq}, which records another sheet or none"
MARKS_DIFFER = "sheet {sheet}: its marks or total differ from ledger entry {seq}"
NOT_LATEST = "sheet {sheet}: holds ledger entry {seq}, but the sheet's latest entry is {latest}"
ROW_MISSING = "ledger entry {seq}: records sheet {sheet}, which the database no longer holds"

SHEET_KINDS = (EntryKind.SHEET_SUBMITTED, EntryKind.SHEET_AMENDED)
# What sheet_subject_of writes; other subjects are not one project's sheets.
SHEET_SUBJECT = re.compile(r"stage:\d+/track:[^/]+/project:[^/]+")


@dataclass(frozen=True)
class SheetAudit:
    checked: int
    mismatches: int
    first_mismatch: str  # empty when every sheet matches


@dataclass(frozen=True)
class _Ledgered:
    seq: int
    marks: object
    total: Decimal | None


def _ledgered_sheets() -> tuple[dict[int, tuple[str, str]], dict[tuple[str, str], _Ledgered]]:
    """Each sheet entry's (subject, judge) by seq, and each sheet's latest entry."""
    owners: dict[int, tuple[str, str]] = {}
    latest: dict[tuple[str, str], _Ledgered] = {}
    rows = (
        LedgerEntry.objects.filter(kind__in=SHEET_KINDS)
        .order_by("seq")
        .values_list("seq", "subject", "content")
    )
    for seq, subject, content in rows.iterator(chunk_size=2000):
        payload = json.loads(content).get("payload", {})
        if not SHEET_SUBJECT.fullmatch(subject) or "judge" not in payload:
            continue
        key = (subject, str(payload.get("judge", "")))
        owners[seq] = key
        total = payload.get("total")
        latest[key] = _Ledgered(
            seq=seq, marks=payload.get("marks"), total=Decimal(total) if total else None
        )
    return owners, latest


def sheets_against_ledger() -> SheetAudit:
    owners, latest = _ledgered_sheets()
    tracks = {
        (stage, project): code
        for stage, project, code in StageEntry.objects.values_list(
            "stage_id", "project_id", "track__code"
        )
    }
    sheets = (
        ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED)
        .order_by("ledger_seq", "pk")
        .values_list(
            "stage_id",
            "project_id",
            "project__code",
            "judge__account__username",
            "marks",
            "total",
            "ledger_seq",
        )
    )
    faults: list[tuple[int, str]] = []
    held: set[tuple[str, str]] = set()
    checked = 0
    for stage, project, code, judge, marks, total, seq in sheets.iterator(chunk_size=2000):
        checked += 1
        subject = sheet_subject_of(stage, tracks.get((stage, project), "?"), code)
        key, name = (subject, judge), f"{subject}/judge:{judge}"
        held.add(key)
        if seq is None:
            faults.append((0, NOT_LEDGERED.format(sheet=name)))
        elif owners.get(seq) != key:
            faults.append((seq, NOT_ITS_ENTRY.format(sheet=name, seq=seq)))
        elif (found := latest[key]).seq != seq:
            faults.append((seq, NOT_LATEST.format(sheet=name, seq=seq, latest=found.seq)))
        elif found.marks != marks or found.total != total:
            faults.append((seq, MARKS_DIFFER.format(sheet=name, seq=seq)))
    for key, found in latest.items():
        if key not in held:
            name = f"{key[0]}/judge:{key[1]}"
            faults.append((found.seq, ROW_MISSING.format(seq=found.seq, sheet=name)))
    faults.sort()
    return SheetAudit(
        checked=checked, mismatches=len(faults), first_mismatch=faults[0][1] if faults else ""
    )
