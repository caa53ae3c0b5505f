"""Every change to a score sheet: drafts, submission, amendments, conflicts (SPEC §3).

Each function checks what the caller may do, writes the change, and appends it to the
ledger in the same transaction, so a sheet and its audit record commit or fail together.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from podium import clock
from podium.competitions.selectors import rubric_for
from podium.errors import PodiumError
from podium.judging.conflicts import conflict_reason
from podium.judging.models import (
    AmendmentStatus,
    ConflictDeclaration,
    Judge,
    ScoreSheet,
    SheetAmendment,
    SheetStatus,
    StageEntry,
)
from podium.ledger.models import EntryKind
from podium.ledger.services import ledger_append
from podium.live.gate import check_live_submission
from podium.live.services import announce_sheet
from podium.results.models import ResultRelease
from podium.rules.marks import draft_marks, validate_marks

SHEET_LOCKED = "this sheet was submitted; a correction needs an amendment the supervisor approves"
VERSION_CONFLICT = (
    "version: the sheet changed in another window (it is at version {current}, "
    "you edited version {given}); reload it before saving"
)
CONFLICTED = "conflict of interest: {reason}"
SCORING_CLOSED = "the results of this stage and track are signed off; sheets are locked"
TOKEN_REUSED = "client_token: this token already belongs to another sheet"
NOT_SUBMITTED = "only a submitted sheet can be amended; edit the draft instead"
REASON_REQUIRED = "reason: say why the sheet must be corrected"
AMENDMENT_DECIDED = "this amendment was already {status}"
ALREADY_SUBMITTED_CONFLICT = (
    "the sheet for this project is already submitted; ask the supervisor to handle the conflict"
)


def marks_text(marks: Mapping[str, Decimal]) -> dict[str, str]:
    return {key: str(value) for key, value in marks.items()}


def sheet_subject(entry: StageEntry) -> str:
    return f"stage:{entry.stage_id}/track:{entry.track.code}/project:{entry.project.code}"


def _check_open(entry: StageEntry) -> None:
    if ResultRelease.objects.filter(
        stage=entry.stage_id, track=entry.track_id, signed_off_at__isnull=False
    ).exists():
        raise PodiumError(SCORING_CLOSED)


def _check_free(judge: Judge, entry: StageEntry) -> None:
    if reason := conflict_reason(judge, entry.project):
        raise PodiumError(CONFLICTED.format(reason=reason))


def _locked_sheet(judge: Judge, entry: StageEntry) -> ScoreSheet:
    sheet, _ = ScoreSheet.objects.select_for_update().get_or_create(
        stage=entry.stage, project=entry.project, judge=judge
    )
    return sheet


def _check_version(sheet: ScoreSheet, version: int | None) -> None:
    if version is not None and version != sheet.version:
        raise PodiumError(
            VERSION_CONFLICT.format(current=sheet.version, given=version),
            field="version",
            status=409,
        )


@transaction.atomic
def sheet_save_draft(
    *, judge: Judge, entry: StageEntry, marks: Mapping[str, object], version: int | None
) -> ScoreSheet:
    """Keep what the judge typed so far; nothing is validated beyond the rubric's keys."""
    _check_open(entry)
    _check_free(judge, entry)
    sheet = _locked_sheet(judge, entry)
    if sheet.status == SheetStatus.SUBMITTED:
        raise PodiumError(SHEET_LOCKED)
    _check_version(sheet, version)
    sheet.marks = draft_marks(marks, rubric_for(entry.stage, entry.track))
    sheet.version += 1
    sheet.save(update_fields=["marks", "version", "updated_at"])
    return sheet


@transaction.atomic
def sheet_submit(
    *,
    judge: Judge,
    entry: StageEntry,
    marks: Mapping[str, object],
    client_token: str,
    version: int | None = None,
) -> ScoreSheet:
    """Submit and lock the sheet. The same ``client_token`` twice gives the same sheet."""
    if not client_token or len(client_token) > 64:
        raise PodiumError("client_token: give a token of 1 to 64 characters", field="client_token")
    earlier = ScoreSheet.objects.filter(client_token=client_token).first()
    if earlier is not None:
        if (earlier.stage_id, earlier.project_id, earlier.judge_id) == (
            entry.stage_id,
            entry.project_id,
            judge.pk,
        ):
            return earlier  # a retry after a lost answer: already done
        raise PodiumError(TOKEN_REUSED, field="client_token")
    _check_open(entry)
    _check_free(judge, entry)
    check_live_submission(entry)
    sheet = _locked_sheet(judge, entry)
    if sheet.status == SheetStatus.SUBMITTED:
        raise PodiumError(SHEET_LOCKED)
    _check_version(sheet, version)
    valid = validate_marks(marks, rubric_for(entry.stage, entry.track))
    sheet.marks = marks_text(valid)
    sheet.total = sum(valid.values(), Decimal(0))
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = clock.now()
    sheet.client_token = client_token
    sheet.version += 1
    sheet.ledger_seq = ledger_append(
        kind=EntryKind.SHEET_SUBMITTED,
        actor=judge.account.username,
        subject=sheet_subject(entry),
        payload={"judge": judge.account.username, "marks": sheet.marks, "total": str(sheet.total)},
    ).seq
    sheet.save()
    announce_sheet(entry)
    return sheet


@transaction.atomic
def amendment_request(
    *, judge: Judge, sheet: ScoreSheet, marks: Mapping[str, object], reason: str
) -> SheetAmendment:
    entry = StageEntry.objects.select_related("track", "project").get(
        stage=sheet.stage_id, project=sheet.project_id
    )
    _check_open(entry)
    if sheet.status != SheetStatus.SUBMITTED:
        raise PodiumError(NOT_SUBMITTED)
    if not reason.strip():
        raise PodiumError(REASON_REQUIRED, field="reason")
    valid = validate_marks(marks, rubric_for(entry.stage, entry.track))
    SheetAmendment.objects.filter(sheet=sheet, status=AmendmentStatus.REQUESTED).update(
        status=AmendmentStatus.REJECTED, decided_at=clock.now()
    )
    return SheetAmendment.objects.create(
        sheet=sheet, reason=reason.strip(), previous_marks=sheet.marks, marks=marks_text(valid)
    )


@transaction.atomic
def amendment_decide(*, supervisor, amendment: SheetAmendment, approve: bool) -> SheetAmendment:
    """The supervisor approves (the sheet takes the new marks) or rejects a correction."""
    amendment = SheetAmendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.status != AmendmentStatus.REQUESTED:
        raise PodiumError(AMENDMENT_DECIDED.format(status=amendment.get_status_display()))
    sheet = ScoreSheet.objects.select_for_update().get(pk=amendment.sheet_id)
    entry = StageEntry.objects.select_related("track", "project").get(
        stage=sheet.stage_id, project=sheet.project_id
    )
    _check_open(entry)
    amendment.status = AmendmentStatus.APPROVED if approve else AmendmentStatus.REJECTED
    amendment.decided_by = supervisor
    amendment.decided_at = clock.now()
    amendment.save()
    if approve:
        sheet.marks = amendment.marks
        sheet.total = sum((Decimal(v) for v in amendment.marks.values()), Decimal(0))
        sheet.version += 1
        sheet.ledger_seq = ledger_append(
            kind=EntryKind.SHEET_AMENDED,
            actor=supervisor.username,
            subject=sheet_subject(entry),
            payload={
                "judge": sheet.judge.account.username,
                "reason": amendment.reason,
                "previous_marks": amendment.previous_marks,
                "marks": amendment.marks,
                "total": str(sheet.total),
            },
            refers_to=sheet.ledger_seq,
        ).seq
        sheet.save(update_fields=["marks", "total", "version", "ledger_seq", "updated_at"])
    return amendment


@transaction.atomic
def conflict_declare(*, judge: Judge, entry: StageEntry, reason: str) -> ConflictDeclaration:
    if not reason.strip():
        raise PodiumError("reason: say what the conflict is", field="reason")
    sheet = ScoreSheet.objects.filter(stage=entry.stage, project=entry.project, judge=judge).first()
    if sheet is not None and sheet.status == SheetStatus.SUBMITTED:
        raise PodiumError(ALREADY_SUBMITTED_CONFLICT)
    if sheet is not None:
        sheet.delete()  # a draft of a conflicted judge must not linger
    declaration, _ = ConflictDeclaration.objects.get_or_create(
        judge=judge, project=entry.project, defaults={"reason": reason.strip()}
    )
    ledger_append(
        kind=EntryKind.CONFLICT_DECLARED,
        actor=judge.account.username,
        subject=sheet_subject(entry),
        payload={"judge": judge.account.username, "reason": declaration.reason},
    )
    return declaration
