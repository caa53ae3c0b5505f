"""Every change to a score sheet: drafts, submission, amendments, conflicts (SPEC §3).

Each function checks what the caller may do, writes the change, and appends it to the
ledger in the same transaction, so a sheet and its audit record commit or fail together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from podium import clock
from podium.accounts.models import User
from podium.accounts.permissions import is_organiser, require
from podium.competitions.selectors import labels_of, rubric_of
from podium.errors import Conflict, Message, PodiumError, gettext_noop
from podium.judging import signals
from podium.judging.conflicts import conflict_pairs, conflict_reason
from podium.judging.models import (
    Absence,
    AmendmentStatus,
    ConflictDeclaration,
    Judge,
    ScoreSheet,
    ScoringLock,
    SheetAmendment,
    SheetStatus,
    StageEntry,
)
from podium.ledger.models import EntryKind
from podium.ledger.services import LedgerDraft, ledger_append, ledger_append_many
from podium.registration.models import Project
from podium.rules.marks import draft_marks, validate_marks
from podium.rules.rubric import Rubric

CENT = Decimal("0.01")
SHEET_LOCKED = gettext_noop(
    "this sheet was submitted; a correction needs an amendment the supervisor approves"
)
VERSION_CONFLICT = gettext_noop(
    "version: the sheet changed in another window (it is at version {current}, "
    "you edited version {given}); load the newer version before saving"
)
CONFLICTED = gettext_noop("conflict of interest: {reason}")
SCORING_CLOSED = gettext_noop(
    "the results of this stage and track are signed off; sheets are locked"
)
ABSENT = gettext_noop("this team does not present ({absence}), so it is not scored")
TOKEN_REUSED = gettext_noop("client_token: this token already belongs to another sheet")
NOT_SUBMITTED = gettext_noop("only a submitted sheet can be amended; edit the draft instead")
REASON_REQUIRED = gettext_noop("reason: say why the sheet must be corrected")
ALREADY_SUBMITTED_CONFLICT = gettext_noop(
    "the sheet for this project is already submitted; ask the supervisor to handle the conflict"
)


def marks_text(marks: Mapping[str, Decimal]) -> dict[str, str]:
    return {key: str(value) for key, value in marks.items()}


def sheet_subject(entry: StageEntry) -> str:
    return sheet_subject_of(entry.stage_id, entry.track.code, entry.project.code)


def sheet_subject_of(stage_id: int, track_code: str, project_code: str) -> str:
    """The ledger subject of the sheets of one project in one stage."""
    return f"stage:{stage_id}/track:{track_code}/project:{project_code}"


def check_scoring_open(entry: StageEntry) -> None:
    if ScoringLock.objects.filter(stage=entry.stage_id, track=entry.track_id).exists():
        raise PodiumError(SCORING_CLOSED)


def _check_presents(entry: StageEntry) -> None:
    # Read now, not from the caller's copy: the venue's host may have just marked it.
    absence = (
        StageEntry.objects.filter(pk=entry.pk)
        .values_list("absence", flat=True)
        .order_by("pk")  # not the default ordering, which joins four tables
        .first()
    )
    if absence:
        raise PodiumError(Message(ABSENT, absence=Absence(absence).label))


def _check_free(judge: Judge, entry: StageEntry) -> None:
    if reason := conflict_reason(judge, entry.project):
        raise PodiumError(Message(CONFLICTED, reason=reason))


def _locked_sheet(judge: Judge, entry: StageEntry) -> tuple[ScoreSheet, bool]:
    """The sheet, locked, and whether it was made just now (nothing saved on it yet)."""
    # Made at version 0, the version a page shows an unsaved sheet at: its first save is 1.
    return ScoreSheet.objects.select_for_update().get_or_create(
        stage=entry.stage, project=entry.project, judge=judge, defaults={"version": 0}
    )


def _check_version(sheet: ScoreSheet, version: int | None, *, unsaved: bool) -> None:
    # A page shows an unsaved sheet as version 0 (as the API does); a row made just now
    # is that sheet, so 0 matches it and a second tab that saved first does not.
    current = 0 if unsaved else sheet.version
    if version is not None and version != current:
        raise Conflict(
            Message(VERSION_CONFLICT, current=sheet.version, given=version), field="version"
        )


@transaction.atomic
def sheet_save_draft(
    *, judge: Judge, entry: StageEntry, marks: Mapping[str, object], version: int | None
) -> ScoreSheet:
    """Keep what the judge typed so far; nothing is validated beyond the rubric's keys."""
    check_scoring_open(entry)
    _check_free(judge, entry)
    sheet, unsaved = _locked_sheet(judge, entry)
    if sheet.status == SheetStatus.SUBMITTED:
        raise PodiumError(SHEET_LOCKED)
    _check_version(sheet, version, unsaved=unsaved)
    sheet.marks = draft_marks(marks, rubric_of(entry.rule))
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
    # By its unique column, not the default ordering, which joins six tables.
    earlier = ScoreSheet.objects.filter(client_token=client_token).order_by("pk").first()
    if earlier is not None:
        if (earlier.stage_id, earlier.project_id, earlier.judge_id) == (
            entry.stage_id,
            entry.project_id,
            judge.pk,
        ):
            return earlier  # a retry after a lost answer: already done
        raise PodiumError(TOKEN_REUSED, field="client_token")
    check_scoring_open(entry)
    _check_free(judge, entry)
    signals.sheet_submitting.send(sender=ScoreSheet, entry=entry)
    _check_presents(entry)  # after the venue's gate: it holds the venue's row lock
    sheet, unsaved = _locked_sheet(judge, entry)
    if sheet.client_token == client_token:
        # A retry that read no sheet above, then waited here while the first try committed.
        return sheet
    # A stale version first: a second window's submission is a conflict (409), not a
    # refusal of what it typed.
    _check_version(sheet, version, unsaved=unsaved)
    if sheet.status == SheetStatus.SUBMITTED:
        raise PodiumError(SHEET_LOCKED)
    valid = validate_marks(marks, rubric_of(entry.rule), labels_of(entry.rule))
    sheet.marks = marks_text(valid)
    total = sum(valid.values(), Decimal(0))
    # As the column keeps it (2 places), so this answer and a retry's read are the same.
    sheet.total = total.quantize(CENT, rounding=ROUND_HALF_UP)
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = clock.now()
    sheet.client_token = client_token
    sheet.version += 1
    sheet.save()
    signals.sheet_changed.send(sender=ScoreSheet, entry=entry)  # announced after commit
    # The ledger last: its appenders take turns from the append to the commit, so that
    # span holds only the append and the sheet's pointer to it (a few statements), not
    # this request's other work, which every other judge's submission would wait on.
    sheet.ledger_seq = ledger_append(
        kind=EntryKind.SHEET_SUBMITTED,
        actor=judge.account.username,
        subject=sheet_subject(entry),
        payload={"judge": judge.account.username, "marks": sheet.marks, "total": str(total)},
    ).seq
    ScoreSheet.objects.filter(pk=sheet.pk).update(ledger_seq=sheet.ledger_seq)
    return sheet


@transaction.atomic
def amendment_request(
    *, judge: Judge, sheet: ScoreSheet, marks: Mapping[str, object], reason: str
) -> SheetAmendment:
    entry = StageEntry.objects.select_related("track", "project").get(
        stage=sheet.stage_id, project=sheet.project_id
    )
    check_scoring_open(entry)
    if sheet.status != SheetStatus.SUBMITTED:
        raise PodiumError(NOT_SUBMITTED)
    if not reason.strip():
        raise PodiumError(REASON_REQUIRED, field="reason")
    valid = validate_marks(marks, rubric_of(entry.rule), labels_of(entry.rule))
    SheetAmendment.objects.filter(sheet=sheet, status=AmendmentStatus.REQUESTED).update(
        status=AmendmentStatus.REJECTED, decided_at=clock.now()
    )
    return SheetAmendment.objects.create(
        sheet=sheet, reason=reason.strip(), previous_marks=sheet.marks, marks=marks_text(valid)
    )


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


ENTER_ORGANISERS_ONLY = "only an organiser enters sheets that were scored elsewhere"
ENTERED_CONFLICT = "row {row}: conflict of interest: {reason}"
ENTERED_TWICE = "row {row}: {judge} already has a sheet for {project}"


@dataclass(frozen=True)
class EnteredSheet:
    """A sheet scored outside Podium (paper, another review platform), as entered."""

    judge: Judge
    entry: StageEntry
    marks: Mapping[str, object]
    submitted_at: datetime


@transaction.atomic
def sheets_enter(*, actor: User, sheets: Sequence[EnteredSheet]) -> list[ScoreSheet]:
    """Enter many submitted sheets at once, each checked like ``sheet_submit`` and each with
    its own ledger entry (actor: the organiser who entered it), all or nothing."""
    require(is_organiser(actor), ENTER_ORGANISERS_ONLY)
    entries = {s.entry.pk: s.entry for s in sheets}
    for entry in entries.values():
        check_scoring_open(entry)
    conflicts = conflict_pairs(
        list({s.judge.pk: s.judge for s in sheets}.values()),
        Project.objects.filter(pk__in={e.project_id for e in entries.values()}),
    )
    existing = set(
        ScoreSheet.objects.filter(
            stage__in={e.stage_id for e in entries.values()},
            project__in={e.project_id for e in entries.values()},
        ).values_list("stage_id", "project_id", "judge_id")
    )
    rubrics: dict[tuple[int, int], Rubric] = {}
    written, drafts = [], []
    for row, given in enumerate(sheets, start=1):
        entry, judge = given.entry, given.judge
        if reason := conflicts.get((judge.pk, entry.project_id)):
            raise PodiumError(ENTERED_CONFLICT.format(row=row, reason=reason))
        key = (entry.stage_id, entry.project_id, judge.pk)
        if key in existing:
            raise PodiumError(
                ENTERED_TWICE.format(row=row, judge=judge.name, project=entry.project.code)
            )
        existing.add(key)
        rubric_key = (entry.stage_id, entry.track_id)
        if rubric_key not in rubrics:  # read once per stage and track, not once per sheet
            rubrics[rubric_key] = rubric_of(entry.rule)
        rubric = rubrics[rubric_key]
        valid = validate_marks(given.marks, rubric)
        sheet = ScoreSheet(
            stage_id=entry.stage_id,
            project_id=entry.project_id,
            judge=judge,
            status=SheetStatus.SUBMITTED,
            marks=marks_text(valid),
            total=sum(valid.values(), Decimal(0)),
            version=1,
            submitted_at=given.submitted_at,
            updated_at=given.submitted_at,
        )
        written.append(sheet)
        drafts.append(
            LedgerDraft(
                kind=EntryKind.SHEET_SUBMITTED,
                actor=actor.username,
                subject=sheet_subject(entry),
                payload={
                    "judge": judge.account.username,
                    "marks": sheet.marks,
                    "total": str(sheet.total),
                    "submitted_at": given.submitted_at.isoformat(),
                    "entered_by": actor.username,
                },
            )
        )
    for sheet, ledgered in zip(written, ledger_append_many(drafts), strict=True):
        sheet.ledger_seq = ledgered.seq
    return ScoreSheet.objects.bulk_create(written, batch_size=2000)
